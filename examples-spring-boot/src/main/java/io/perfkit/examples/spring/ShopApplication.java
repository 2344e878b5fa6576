package io.perfkit.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A plain Spring MVC application: the web and actuator starters, two controllers, and nothing of
 * Perfkit but {@code perf-spring-boot} on the class path. Started, it serves {@code /orders/{id}}
 * and {@code /report} (a slow request, 400 ms of CPU) on port 8080, and Perfkit's endpoints on
 * 127.0.0.1:9095: {@code /prometheus} with Spring's meters, {@code /health}, and a slow request's
 * profile under {@code /debug/profiles}.
 */
@SpringBootApplication
public class ShopApplication {

  static volatile double sink;

  public static void main(String[] args) {
    SpringApplication.run(ShopApplication.class, args);
  }

  @RestController
  static class Orders {

    @GetMapping("/orders/{id}")
    String order(@PathVariable("id") String id) {
      return "{\"order\":\"" + id + "\"}";
    }
  }

  @RestController
  static class Reports {

    /** About 400 ms of CPU in {@link #priceAllOrders}: a slow request with a hot method. */
    @GetMapping("/report")
    String report() {
      long end = System.nanoTime() + 400_000_000L;
      double x = 1;
      while (System.nanoTime() < end) {
        x = priceAllOrders(x);
      }
      sink = x;
      return "{\"report\":\"done\"}";
    }

    static double priceAllOrders(double x) {
      for (int i = 0; i < 200_000; i++) {
        x = Math.sqrt(x + i) * 1.0000001;
      }
      return x;
    }
  }
}
