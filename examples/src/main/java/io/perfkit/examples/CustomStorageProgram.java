package io.perfkit.examples;

import io.perfkit.api.Labels;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.api.storage.ProfileType;
import io.perfkit.api.storage.StoredProfile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Opens a storage plugin by its scheme ({@code zip:}, registered by this module's
 * META-INF/services file) and the built-in {@code file:} storage the same way, and stores,
 * queries and reads back a real thread dump with each.
 */
final class CustomStorageProgram implements ExampleProgram {

  @Override
  public String name() {
    return "custom-storage";
  }

  @Override
  public String summary() {
    return "a storage plugin with its own scheme (zip:), opened by URI beside file:";
  }

  @Override
  public String help() {
    return String.join("\n",
        "usage: java -jar perf-examples.jar custom-storage [--data DIR]",
        "",
        "Shows that a profile storage is a plugin: the zip: scheme is implemented in this",
        "jar (io.perfkit.examples.zipstore) and registered by a META-INF/services file, and",
        "ProfileStorages.open(\"zip:DIR/profiles.zip\") finds it by name. The program stores",
        "a thread dump of this JVM, queries it back by label and reads its content, first",
        "with zip: and then with the built-in file: storage.",
        "",
        "  --data DIR   where the two storages live (default: a new temporary directory)");
  }

  @Override
  public int run(List<String> args, PrintStream out) throws IOException {
    Args a = Args.parse(args, Set.of("--data"), Set.of());
    Path data = a.flag("--data") ? Path.of(a.string("--data", "")) : Files.createTempDirectory("perfkit-custom-storage");
    out.println("installed storage schemes: " + ProfileStorages.installedSchemes());
    byte[] dump = threadDump().getBytes(StandardCharsets.UTF_8);
    for (String uri : List.of("zip:" + data.resolve("profiles.zip"), "file:" + data.resolve("file-store"))) {
      out.println();
      out.println("== " + uri);
      try (ProfileStorage storage = ProfileStorages.open(uri)) {
        out.println("opened " + storage.getClass().getSimpleName());
        ProfileMetadata meta = new ProfileMetadata(ProfileType.THREAD_DUMP, Instant.now(), Duration.ZERO, "txt",
            Labels.of("app", "custom-storage-example", "trigger", "demo"));
        StoredProfile stored = storage.store(meta, new ByteArrayInputStream(dump));
        out.println("stored   " + stored.id() + " (" + stored.sizeBytes() + " bytes)");
        List<StoredProfile> found = storage.query(ProfileQuery.builder()
            .types(ProfileType.THREAD_DUMP).label("app", "custom-storage-example").limit(10).build());
        out.println("query    app=custom-storage-example → " + found.size() + " profile(s), newest " + found.get(0).id());
        byte[] back;
        try (InputStream in = storage.openContent(stored.id())) {
          back = in.readAllBytes();
        }
        if (!Arrays.equals(dump, back)) {
          out.println("read back different bytes!");
          return 1;
        }
        out.println("read     " + back.length + " bytes, identical; first line: " + firstLine(back));
      }
    }
    return 0;
  }

  private static String firstLine(byte[] text) {
    String s = new String(text, StandardCharsets.UTF_8);
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String threadDump() {
    StringBuilder sb = new StringBuilder();
    for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      sb.append(t);
    }
    return sb.toString();
  }
}
