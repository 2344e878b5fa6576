package io.perfkit.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.perfkit.api.Identifiers;
import io.perfkit.api.TimeSource;
import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.RetentionPolicy;
import io.perfkit.api.storage.StoredProfile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Proves the contract kit can fail: each deliberately broken storage below breaks one promise,
 * and running the kit against it must fail, in the test that checks that promise. The reference
 * storage, run the same way, must pass every test.
 */
final class ContractCatchesBrokenStoragesTest {

  static Stream<Arguments> brokenStorages() {
    return Stream.of(
        Arguments.of(IgnoresLimit.class, "query_limit_returnsTheNewestN"),
        Arguments.of(OldestFirst.class, "query_all_returnsNewestFirst"),
        Arguments.of(IgnoresLabels.class, "query_labels_allMustMatch"),
        Arguments.of(UntilInclusive.class, "query_sinceIsInclusive_untilIsExclusive"),
        Arguments.of(TruncatesContent.class, "store_thenOpenContent_returnsTheSameBytes"),
        Arguments.of(KeepsHalfStored.class, "store_contentThatFailsMidway_throwsAndLeavesNothingBehind"),
        Arguments.of(DeleteIsNoOp.class, "delete_removesFromFindQueryAndContent"),
        Arguments.of(WorksAfterClose.class, "closedStorage_refusesEveryCallAndCloseIsIdempotent"),
        Arguments.of(AcceptsTraversalIds.class, "invalidIds_areRefusedWithTheirValueNamed"),
        Arguments.of(RacyIds.class, "concurrentStores_fromEightThreads_areAllKeptIntact"),
        Arguments.of(RetentionForgetsReaders.class, "retention_stopsAtAProfileAReaderHoldsOpen_andResumesOnceItIsClosed"),
        Arguments.of(RetentionOnTheSystemClock.class, "retention_byAge_measuresAgeOnTheStoragesClock"));
  }

  @ParameterizedTest
  @MethodSource("brokenStorages")
  void contract_failsABrokenStorage_inTheTestForItsFault(Class<?> contract, String expectedFailure) {
    EngineExecutionResults results = run(contract);

    Set<String> failed = failedMethods(results);
    assertTrue(failed.contains(expectedFailure),
        contract.getSimpleName() + " should fail " + expectedFailure + "; failed: " + failed);
  }

  @org.junit.jupiter.api.Test
  void contract_passesTheReferenceStorage() {
    EngineExecutionResults results = run(Reference.class);

    assertEquals(Set.of(), failedMethods(results));
    assertTrue(results.testEvents().succeeded().count() >= 25,
        "too few contract tests ran: " + results.testEvents().succeeded().count());
  }

  private static EngineExecutionResults run(Class<?> contract) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute();
  }

  private static Set<String> failedMethods(EngineExecutionResults results) {
    return results.testEvents().failed().stream()
        .map(Event::getTestDescriptor)
        .map(d -> d.getUniqueId().getSegments().stream()
            .filter(s -> s.getType().equals("method") || s.getType().equals("test-template"))
            .map(s -> s.getValue().replaceAll("\\(.*", ""))
            .findFirst().orElse(d.getDisplayName()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  // ------------------------------------------------------------ the storages under test

  static final class Reference extends ProfileStorageContract {
    @Override
    protected ProfileStorage newStorage() {
      return new InMemoryProfileStorage();
    }

    @Override
    protected Optional<ProfileStorage> newStorage(RetentionPolicy retention, TimeSource time) {
      return Optional.of(new InMemoryProfileStorage(retention, time));
    }
  }

  /** Hands out a copy of the content, so retention never learns that a reader holds the profile. */
  static final class RetentionForgetsReaders extends ProfileStorageContract {
    @Override
    protected ProfileStorage newStorage() {
      return new InMemoryProfileStorage();
    }

    @Override
    protected Optional<ProfileStorage> newStorage(RetentionPolicy retention, TimeSource time) {
      return Optional.of(new ForwardingProfileStorage(new InMemoryProfileStorage(retention, time)) {
        @Override
        public InputStream openContent(String id) throws IOException {
          try (InputStream in = delegate.openContent(id)) {
            return new ByteArrayInputStream(in.readAllBytes());
          }
        }
      });
    }
  }

  /** Measures age on the system clock, not the one it was given. */
  static final class RetentionOnTheSystemClock extends ProfileStorageContract {
    @Override
    protected ProfileStorage newStorage() {
      return new InMemoryProfileStorage();
    }

    @Override
    protected Optional<ProfileStorage> newStorage(RetentionPolicy retention, TimeSource time) {
      return Optional.of(new InMemoryProfileStorage(retention, TimeSource.system()));
    }
  }

  static final class IgnoresLimit extends ProfileStorageContract {
    @Override
    protected ProfileStorage newStorage() {
      return new ForwardingProfileStorage() {
        @Override
        public List<StoredProfile> query(ProfileQuery query) throws IOException {
          List<StoredProfile> all = delegate.query(ProfileQuery.all());
          return all.stream().filter(p -> query.matches(p.metadata())).collect(Collectors.toList());
        }
      };
    }
  }

  static final class OldestFirst extends ProfileStorageContract {
    @Override
    protected ProfileStorage newStorage() {
      return new ForwardingProfileStorage() {
        @Override
        public List<StoredProfile> query(ProfileQuery query) throws IOException {
          List<StoredProfile> got = new ArrayList<>(delegate.query(query));
          Collections.reverse(got);
          return got;
        }
      };
    }
  }

  static final class IgnoresLabels extends ProfileStorageContract {
    @Override
    protected ProfileStorage newStorage() {
      return new ForwardingProfileStorage() {
        @Override
        public List<StoredProfile> query(ProfileQuery query) throws IOException {
          ProfileQuery.Builder b = ProfileQuery.builder().types(query.types())
              .minDuration(query.minDuration()).limit(query.limit());
          query.since().ifPresent(b::since);
          query.until().ifPresent(b::until);
          return delegate.query(b.build());
        }
      };
    }
  }

  static final class UntilInclusive extends ProfileStorageContract {
    @Override
    protected ProfileStorage newStorage() {
      return new ForwardingProfileStorage() {
        @Override
        public List<StoredProfile> query(ProfileQuery query) throws IOException {
          if (query.until().isEmpty()) {
            return delegate.query(query);
          }
          ProfileQuery.Builder b = ProfileQuery.builder().types(query.types()).labels(query.labels())
              .minDuration(query.minDuration()).limit(query.limit()).until(query.until().get().plusNanos(1));
          query.since().ifPresent(b::since);
          return delegate.query(b.build());
        }
      };
    }
  }

  static final class TruncatesContent extends ProfileStorageContract {
    @Override
    protected ProfileStorage newStorage() {
      return new ForwardingProfileStorage() {
        @Override
        public StoredProfile store(ProfileMetadata metadata, InputStream content) throws IOException {
          byte[] head = content.readNBytes(1 << 20);
          content.transferTo(java.io.OutputStream.nullOutputStream());
          return delegate.store(metadata, new ByteArrayInputStream(head));
        }
      };
    }
  }

  static final class KeepsHalfStored extends ProfileStorageContract {
    @Override
    protected ProfileStorage newStorage() {
      return new ForwardingProfileStorage() {
        @Override
        public StoredProfile store(ProfileMetadata metadata, InputStream content) throws IOException {
          java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
          try {
            content.transferTo(got);
          } catch (IOException e) {
            delegate.store(metadata, new ByteArrayInputStream(got.toByteArray()));
            throw e;
          }
          return delegate.store(metadata, new ByteArrayInputStream(got.toByteArray()));
        }
      };
    }
  }

  static final class DeleteIsNoOp extends ProfileStorageContract {
    @Override
    protected ProfileStorage newStorage() {
      return new ForwardingProfileStorage() {
        @Override
        public boolean delete(String id) throws IOException {
          return delegate.find(id).isPresent();
        }
      };
    }
  }

  static final class WorksAfterClose extends ProfileStorageContract {
    @Override
    protected ProfileStorage newStorage() {
      return new ForwardingProfileStorage() {
        @Override
        public void close() {}
      };
    }
  }

  static final class AcceptsTraversalIds extends ProfileStorageContract {
    @Override
    protected ProfileStorage newStorage() {
      return new ForwardingProfileStorage() {
        @Override
        public Optional<StoredProfile> find(String id) throws IOException {
          return Identifiers.isValidProfileId(id) ? delegate.find(id) : Optional.empty();
        }
      };
    }
  }

  /**
   * Numbers ids per thread, a common slip (a thread-local sequence), so that two threads storing
   * at once hand out the same ids and the later store hides the earlier.
   */
  static final class RacyIds extends ProfileStorageContract {
    @Override
    protected ProfileStorage newStorage() {
      return new ForwardingProfileStorage() {
        private final java.util.Map<String, StoredProfile> byOwnId = new java.util.HashMap<>();
        private final ThreadLocal<int[]> next = ThreadLocal.withInitial(() -> new int[1]);

        @Override
        public StoredProfile store(ProfileMetadata metadata, InputStream content) throws IOException {
          StoredProfile inner = delegate.store(metadata, content);
          StoredProfile mine = new StoredProfile("p-" + next.get()[0]++, inner.metadata(), inner.sizeBytes());
          synchronized (byOwnId) {
            StoredProfile previous = byOwnId.put(mine.id(), inner);
            if (previous != null) {
              delegate.delete(previous.id());
            }
          }
          return mine;
        }

        @Override
        public InputStream openContent(String id) throws IOException {
          synchronized (byOwnId) {
            StoredProfile inner = byOwnId.get(id);
            return delegate.openContent(inner == null ? "missing" : inner.id());
          }
        }
      };
    }
  }
}
