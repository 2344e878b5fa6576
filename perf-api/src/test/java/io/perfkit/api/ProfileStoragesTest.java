package io.perfkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.perfkit.api.spi.SpiLoader;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.ProfileStorageProvider;
import io.perfkit.api.storage.ProfileStorages;
import io.perfkit.api.storage.StorageUri;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs on the class path, so it also proves META-INF/services discovery. */
final class ProfileStoragesTest {

  /** Registered in this module's test META-INF/services; hands back a storage that remembers its URI. */
  public static final class EchoProvider implements ProfileStorageProvider {
    static volatile URI lastUri;
    static volatile Map<String, String> lastOptions;

    @Override
    public String scheme() {
      return "echo";
    }

    @Override
    public ProfileStorage open(URI uri, Map<String, String> options) {
      lastUri = uri;
      lastOptions = StorageUri.parse(uri).mergedOptions(options);
      return (ProfileStorage) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {ProfileStorage.class}, (p, m, a) -> null);
    }
  }

  private static ProfileStorageProvider provider(String scheme) {
    return new ProfileStorageProvider() {
      @Override
      public String scheme() {
        return scheme;
      }

      @Override
      public ProfileStorage open(URI uri, Map<String, String> options) {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Test
  void open_findsAProviderListedInMetaInfServices() throws Exception {
    ProfileStorages.open("echo:./data?maxAge=7d").close();

    assertEquals(URI.create("echo:./data?maxAge=7d"), EchoProvider.lastUri);
    assertEquals(Map.of("maxAge", "7d"), EchoProvider.lastOptions);
    assertTrue(ProfileStorages.installedSchemes().contains("echo"), ProfileStorages.installedSchemes().toString());
  }

  @Test
  void open_unknownScheme_listsTheInstalledSchemes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProfileStorages.open("s3://bucket/x"));
    assertEquals("no profile storage is installed for scheme 's3' (URI 's3://bucket/x'); installed schemes: [echo]",
        e.getMessage());
  }

  @Test
  void open_malformedUri_namesIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProfileStorages.open("file:a b|c"));
    assertTrue(e.getMessage().startsWith("storage URI 'file:a b|c' is malformed"), e.getMessage());
  }

  @Test
  void loader_twoProvidersWithOneScheme_namesBothClasses() {
    ProfileStorageProvider a = provider("file");
    ProfileStorageProvider b = new EchoProvider();
    ProfileStorageProvider c = provider("echo");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SpiLoader.of(ProfileStorageProvider.class, ProfileStorageProvider::scheme, List.of(b, a, c)));
    assertEquals("two providers of io.perfkit.api.storage.ProfileStorageProvider claim the name 'echo': "
        + b.getClass().getName() + " and " + c.getClass().getName(), e.getMessage());
  }

  @Test
  void loader_handedInProviders_areFoundByName() {
    ProfileStorageProvider mem = provider("mem");
    SpiLoader<ProfileStorageProvider> loader =
        SpiLoader.of(ProfileStorageProvider.class, ProfileStorageProvider::scheme, List.of(provider("zip"), mem));
    assertSame(mem, loader.find("mem").orElseThrow());
    assertEquals(List.of("mem", "zip"), List.copyOf(loader.names()));
  }

  @Test
  void storageUri_opaqueRelativeWithOptions() {
    StorageUri u = StorageUri.parse(URI.create("file:./perf-data?maxAge=7d&maxCount=10"));
    assertEquals("file", u.scheme());
    assertEquals("./perf-data", u.location());
    assertEquals(Map.of("maxAge", "7d", "maxCount", "10"), u.options());
  }

  @Test
  void storageUri_hierarchicalAbsolute() {
    assertEquals("/var/lib/app", StorageUri.parse(URI.create("file:///var/lib/app")).location());
    assertEquals("/var/lib/app", StorageUri.parse(URI.create("file:/var/lib/app")).location());
    assertEquals("/x y", StorageUri.parse(URI.create("FILE:/x%20y")).location());
    assertEquals("file", StorageUri.parse(URI.create("FILE:/x")).scheme());
  }

  @Test
  void storageUri_badOptionsAreNamed_authorityIsSplitOff() {
    IllegalArgumentException noValue = assertThrows(IllegalArgumentException.class,
        () -> StorageUri.parse(URI.create("file:x?maxAge")));
    assertEquals("storage URI option 'maxAge' in 'file:x?maxAge' is not of the form name=value", noValue.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> StorageUri.parse(URI.create("file:x?a=1&a=2")));
    assertEquals("storage URI option 'a' is given twice in 'file:x?a=1&a=2'", twice.getMessage());
    StorageUri remote = StorageUri.parse(URI.create("zip://host.example/x/y.zip?a=1"));
    assertEquals("host.example", remote.authority());
    assertEquals("/x/y.zip", remote.location());
  }

  @Test
  void storageUri_optionsFromTheMapWin() {
    StorageUri u = StorageUri.parse(URI.create("file:x?maxAge=7d&maxCount=3"));
    assertEquals(Map.of("maxAge", "1d", "maxCount", "3"), u.mergedOptions(Map.of("maxAge", "1d")));
  }
}
