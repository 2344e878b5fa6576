package io.perfkit.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.perfkit.examples.spring.ShopApplication;
import io.perfkit.spring.boot.PerfkitServer;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's Spring Boot section says what is true: the dependency it shows is this starter,
 * every property it lists exists with the default it shows, and those properties start the shop.
 */
class ReadmeSpringSectionTest {

  @TempDir
  Path dir;

  private static String section() throws Exception {
    Path readme = Path.of(System.getProperty("basedir", ".")).resolve("../../README.md").normalize();
    String text = Files.readString(readme);
    int start = text.indexOf("## perf-spring-boot:");
    assertTrue(start >= 0, "no perf-spring-boot section in " + readme);
    int end = text.indexOf("\n## ", start + 1);
    return text.substring(start, end < 0 ? text.length() : end);
  }

  private static String block(String section, String language) {
    Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(section);
    assertTrue(m.find(), "no " + language + " block in the README's Spring Boot section");
    return m.group(1);
  }

  private static Map<String, JsonNode> metadata() throws Exception {
    Map<String, JsonNode> byName = new HashMap<>();
    try (InputStream in = PerfkitServer.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertNotNull(in, "the starter ships no configuration metadata");
      for (JsonNode p : new ObjectMapper().readTree(in).get("properties")) {
        byName.put(p.get("name").asText(), p);
      }
    }
    return byName;
  }

  @Test
  void theDependencyShownIsTheStarter() throws Exception {
    String xml = block(section(), "xml");
    assertTrue(xml.contains("<groupId>io.perfkit</groupId>"), xml);
    assertTrue(xml.contains("<artifactId>perf-spring-boot</artifactId>"), xml);
    assertFalse(xml.contains("<version>"), "the BOM gives the version: " + xml);
  }

  @Test
  void everyPropertyShownExistsWithTheDefaultShown() throws Exception {
    Properties shown = new Properties();
    shown.load(new StringReader(block(section(), "properties")));
    assertFalse(shown.isEmpty());
    Map<String, JsonNode> metadata = metadata();
    for (String name : shown.stringPropertyNames()) {
      JsonNode p = metadata.get(name);
      assertNotNull(p, name + " is not a property of the starter; it has " + metadata.keySet());
      assertNotNull(p.get("description"), name + " has no description for IDEs");
      assertEquals(p.get("defaultValue").asText(), shown.getProperty(name), name + "'s default");
    }
  }

  @Test
  void thePropertiesShownStartTheShop() throws Exception {
    Properties shown = new Properties();
    shown.load(new StringReader(block(section(), "properties")));
    List<String> props = new ArrayList<>();
    shown.forEach((k, v) -> props.add(k + "=" + v));
    // the README's values, but free ports and a directory of the test's own
    props.addAll(List.of("server.port=0", "perfkit.server.port=0", "perfkit.storage.uri=file:" + dir,
        "spring.main.banner-mode=off"));
    try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(ShopApplication.class)
        .properties(props.toArray(String[]::new)).run()) {
      HttpClient http = HttpClient.newHttpClient();
      String app = "http://127.0.0.1:" + ctx.getEnvironment().getProperty("local.server.port");
      HttpResponse<String> order = http.send(HttpRequest.newBuilder(URI.create(app + "/orders/7")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, order.statusCode(), order.body());
      String perfkit = ctx.getBean(PerfkitServer.class).url().orElseThrow();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(perfkit + "health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode(), health.body());
    }
  }
}
