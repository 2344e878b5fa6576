package io.perfkit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceInstanceTest {

  @Test
  void theNamedVariablesWin_thenHostname() {
    ServiceInstance who = ServiceInstance.fromEnvironment(
        Map.of("APP", "payments", "POD_NAME", "payments-5d8f", "HOSTNAME", "node-3"), "APP", "POD_NAME", "checkout");
    assertEquals(new ServiceInstance("payments", "payments-5d8f"), who);
    assertEquals(Labels.of("service", "payments", "instance", "payments-5d8f"), who.labels());
    assertEquals(new ServiceInstance("checkout", "node-3"),
        ServiceInstance.fromEnvironment(Map.of("HOSTNAME", " node-3 ", "APP", " "), "APP", "POD_NAME", "checkout"));
  }

  @Test
  void withoutAnyVariable_theLocalHostNameIsTheInstance() {
    ServiceInstance who = ServiceInstance.fromEnvironment(Map.of(), "APP", "POD_NAME", "checkout");
    assertEquals("checkout", who.service());
    assertFalse(who.instance().isBlank());
  }

  @Test
  void badValues_areRefusedNamingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ServiceInstance("checkout", "pod\n7"));
    assertTrue(e.getMessage().contains("instance"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ServiceInstance(" ", "pod-7"));
    assertTrue(e.getMessage().contains("' '"), e.getMessage());
  }
}
