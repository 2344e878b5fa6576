package io.perfkit.api.spi;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Named service providers, loaded from {@link ServiceLoader} or handed in. Each provider has a
 * unique name (a storage's scheme, a kernel's {@code operation/variant}, a rule's name); two
 * providers claiming one name is an error that names both classes, found when the loader is
 * built rather than when a provider is first used.
 *
 * <p>Immutable and thread-safe once built.
 *
 * @param <S> the service type
 */
public final class SpiLoader<S> {

  private final Class<S> service;
  private final Map<String, S> byName;

  private SpiLoader(Class<S> service, Map<String, S> byName) {
    this.service = service;
    this.byName = Collections.unmodifiableMap(byName);
  }

  /**
   * Loads every provider of {@code service} visible to {@link ServiceLoader#load(Class)} (the
   * module layer of the caller, and the thread's context class loader).
   *
   * @throws IllegalStateException when two providers claim the same name
   * @throws java.util.ServiceConfigurationError when a provider cannot be instantiated
   */
  public static <S> SpiLoader<S> load(Class<S> service, Function<? super S, String> name) {
    return of(service, name, ServiceLoader.load(service));
  }

  /**
   * Loads every provider of {@code service} visible to {@code classLoader}.
   *
   * @throws IllegalStateException when two providers claim the same name
   */
  public static <S> SpiLoader<S> load(
      Class<S> service, Function<? super S, String> name, ClassLoader classLoader) {
    return of(service, name, ServiceLoader.load(service, classLoader));
  }

  /**
   * A loader over the given providers, in place of {@link ServiceLoader}.
   *
   * @throws IllegalStateException when two providers claim the same name
   */
  public static <S> SpiLoader<S> of(
      Class<S> service, Function<? super S, String> name, Iterable<? extends S> providers) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(name, "name");
    Map<String, S> byName = new TreeMap<>();
    for (S provider : providers) {
      Objects.requireNonNull(provider, "provider");
      String key = Objects.requireNonNull(name.apply(provider),
          () -> provider.getClass().getName() + " has a null name");
      S previous = byName.putIfAbsent(key, provider);
      if (previous != null) {
        throw new IllegalStateException("two providers of " + service.getName() + " claim the name '"
            + key + "': " + previous.getClass().getName() + " and " + provider.getClass().getName());
      }
    }
    return new SpiLoader<>(service, byName);
  }

  /** The service type. */
  public Class<S> service() {
    return service;
  }

  /** The provider named {@code name}, if any. */
  public Optional<S> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every provider, sorted by name. */
  public List<S> all() {
    return List.copyOf(byName.values());
  }

  /** Every name, sorted. */
  public Set<String> names() {
    return Collections.unmodifiableSet(byName.keySet());
  }

  @Override
  public String toString() {
    return "SpiLoader{" + service.getSimpleName() + " " + names() + '}';
  }
}
