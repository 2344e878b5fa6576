package io.perfkit.testkit;

import io.perfkit.api.storage.ProfileMetadata;
import io.perfkit.api.storage.ProfileQuery;
import io.perfkit.api.storage.ProfileStorage;
import io.perfkit.api.storage.StoredProfile;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** Delegates every call; the broken storages override one method each. */
class ForwardingProfileStorage implements ProfileStorage {

  final ProfileStorage delegate;

  ForwardingProfileStorage() {
    this(new InMemoryProfileStorage());
  }

  ForwardingProfileStorage(ProfileStorage delegate) {
    this.delegate = delegate;
  }

  @Override
  public StoredProfile store(ProfileMetadata metadata, InputStream content) throws IOException {
    return delegate.store(metadata, content);
  }

  @Override
  public List<StoredProfile> query(ProfileQuery query) throws IOException {
    return delegate.query(query);
  }

  @Override
  public Optional<StoredProfile> find(String id) throws IOException {
    return delegate.find(id);
  }

  @Override
  public InputStream openContent(String id) throws IOException {
    return delegate.openContent(id);
  }

  @Override
  public boolean delete(String id) throws IOException {
    return delegate.delete(id);
  }

  @Override
  public int applyRetention() throws IOException {
    return delegate.applyRetention();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
