package io.spidernet.spiderpool.agent.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spidernet.spiderpool.agent.ipam.EndpointRecord;
import io.spidernet.spiderpool.agent.ipam.NodeStore;
import io.spidernet.spiderpool.core.allocation.AllocatedIpsCodec;
import io.spidernet.spiderpool.core.config.SpiderpoolConf;
import io.spidernet.spiderpool.core.ipam.PodAllocator;
import io.spidernet.spiderpool.core.model.IPPoolStatus;
import io.spidernet.spiderpool.core.model.SpiderIPPool;
import io.spidernet.spiderpool.core.model.SpiderReservedIP;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Pools from manifest files, allocations in one state file on the node: the store for running
 * without a cluster. Specs are read once at start; only statuses and endpoint records change, and
 * every change is written to the state file before it is visible to other threads, so an answer
 * the agent gives is never about state a crash could lose.
 *
 * <p>All writes go through one lock. Outside {@link #mutation} each write is durable on its own;
 * inside, the writes of the unit are made on a private working copy (seen only by the thread that
 * holds the lock) and written once at the end, so an ADD's pool writes and its endpoint record
 * land together or not at all, with one fsync instead of three.
 */
public final class LocalPoolStore implements NodeStore, AutoCloseable {
    private static final ObjectMapper COPIER = new ObjectMapper();

    private final Path poolsDir;
    private final Path stateFile;
    private final StateFileWriter writer;
    private final StateFileLock fileLock;
    private final Map<String, SpiderIPPool> specs;
    private final List<SpiderReservedIP> reserved;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile LocalState committed;
    /** The unit of work in progress; only touched while {@link #lock} is held. */
    private LocalState working;

    private LocalPoolStore(Path poolsDir, Path stateFile, StateFileWriter writer, StateFileLock fileLock, PoolManifests manifests,
                           LocalState state) {
        this.poolsDir = poolsDir;
        this.stateFile = stateFile;
        this.writer = writer;
        this.fileLock = fileLock;
        this.specs = new LinkedHashMap<>();
        manifests.pools().forEach(p -> specs.put(p.getMetadata().getName(), p));
        this.reserved = manifests.reservedIps();
        this.committed = state;
    }

    /**
     * Loads the manifests, takes the state file's lock and reads the state (empty when the file
     * does not exist yet). The state, its temporary and its lock file are the agent's alone: 0600 and
     * never opened through a symbolic link ({@link OwnerOnlyFiles}). Fails with a message naming the file when any of it is wrong.
     */
    public static LocalPoolStore open(Path poolsDir, Path stateFile, StateFileWriter writer, SpiderpoolConf conf) {
        PoolManifests manifests = PoolManifests.load(poolsDir, conf);
        createParent(stateFile);
        StateFileLock fileLock = StateFileLock.acquire(stateFile);
        try {
            return new LocalPoolStore(poolsDir, stateFile, writer, fileLock, manifests, readState(stateFile));
        } catch (RuntimeException e) {
            fileLock.close();
            throw e;
        }
    }

    private static void createParent(Path stateFile) {
        Path dir = stateFile.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LocalStoreException("cannot create the state directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static LocalState readState(Path stateFile) {
        try {
            // a leftover temporary file is a write that never reached its rename: not part of the state
            Files.deleteIfExists(AtomicFileWriter.temporaryFor(stateFile));
            byte[] bytes;
            try (FileChannel ch = OwnerOnlyFiles.open(stateFile, "state file", StandardOpenOption.READ)) {
                OwnerOnlyFiles.tighten(stateFile, "state file");
                bytes = Channels.newInputStream(ch).readAllBytes();
            }
            return LocalState.decode(bytes);
        } catch (NoSuchFileException e) {
            return LocalState.empty();
        } catch (IOException e) {
            throw new LocalStoreException("state file " + stateFile.toAbsolutePath() + " cannot be read: " + e.getMessage()
                    + "; restore it from a backup, or move it away to start with no allocations (addresses in use"
                    + " would then be handed out again)", e);
        }
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public String describe() {
        StringBuilder s = new StringBuilder(", pools from ").append(poolsDir.toAbsolutePath())
                .append(" (").append(specs.size()).append(" SpiderIPPools, ")
                .append(reserved.size()).append(" SpiderReservedIPs)")
                .append(", state file ").append(stateFile.toAbsolutePath())
                .append(" (").append(endpoints().size()).append(" endpoints)");
        if (!orphanedPools().isEmpty()) {
            s.append("; the state holds allocations of pools with no manifest, kept until they return: ")
                    .append(orphanedPools());
        }
        return s.toString();
    }

    public Path stateFile() {
        return stateFile;
    }

    /** Pools whose allocations the state holds but whose manifest is gone: kept until the pool returns. */
    public List<String> orphanedPools() {
        return committed.pools().entrySet().stream()
                .filter(e -> !specs.containsKey(e.getKey()) && e.getValue().allocatedIPs() != null)
                .map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public Optional<SpiderIPPool> read(String poolName) {
        return Optional.ofNullable(specs.get(poolName)).map(spec -> withStatus(spec, view()));
    }

    @Override
    public WriteResult writeStatus(SpiderIPPool basis, IPPoolStatus status) {
        String name = basis.getMetadata().getName();
        lock.lock();
        try {
            LocalState state = view();
            SpiderIPPool spec = specs.get(name);
            if (spec == null) {
                return new WriteResult.Gone();
            }
            if (!versionOf(state, name).equals(basis.getMetadata().getResourceVersion())) {
                return new WriteResult.Conflict();
            }
            // decoding once here keeps a malformed ledger out of the file, whoever the caller is
            AllocatedIpsCodec.decode(status.getAllocatedIPs());
            LocalState next = state.withPool(name, status.getAllocatedIPs(), status.getAllocatedIPCount());
            apply(s -> next);
            return new WriteResult.Written(withStatus(spec, next));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public PodAllocator.Snapshot snapshot() {
        LocalState state = view();
        return new PodAllocator.Snapshot(specs.values().stream().map(p -> withStatus(p, state)).toList(), reserved);
    }

    public List<SpiderIPPool> pools() {
        return snapshot().pools();
    }

    @Override
    public Optional<EndpointRecord> endpoint(String namespace, String name) {
        return Optional.ofNullable(view().endpoints().get(EndpointRecord.key(namespace, name)));
    }

    @Override
    public List<EndpointRecord> endpoints() {
        return List.copyOf(view().endpoints().values());
    }

    @Override
    public void putEndpoint(EndpointRecord endpoint) {
        apply(s -> s.withEndpoint(endpoint));
    }

    @Override
    public void removeEndpoint(String namespace, String name) {
        apply(s -> s.withoutEndpoint(EndpointRecord.key(namespace, name)));
    }

    /**
     * Runs {@code work} holding the store's one lock and writes its changes once, at the end. One
     * lock for every mutation is right for a single node's store: requests are few and short, and
     * serialising them means concurrent ADDs on one pool never race each other's compare-and-set
     * (50 parallel ADDs would otherwise exhaust the engine's retries). The Kubernetes store cannot
     * do that across nodes and will coalesce the writes to a pool instead.
     */
    @Override
    public <T> T mutation(Supplier<T> work) {
        lock.lock();
        try {
            if (working != null) {
                return work.get(); // nested: part of the enclosing unit
            }
            working = committed;
            try {
                T result = work.get();
                commit(working);
                return result;
            } finally {
                working = null; // on failure the unit's changes are simply dropped
            }
        } finally {
            lock.unlock();
        }
    }

    private void apply(UnaryOperator<LocalState> change) {
        lock.lock();
        try {
            if (working != null) {
                working = change.apply(working);
            } else {
                commit(change.apply(committed));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Persists, then publishes: other threads never see state that is not on disk. */
    private void commit(LocalState next) {
        if (next == committed) {
            return;
        }
        try {
            writer.replace(stateFile, next.encode());
        } catch (IOException e) {
            throw new LocalStoreException("cannot write state file " + stateFile.toAbsolutePath() + ": " + e.getMessage()
                    + "; nothing of this request was kept", e);
        }
        committed = next;
    }

    /** The unit in progress for the thread running it, the durable state for everyone else. */
    private LocalState view() {
        LocalState w = lock.isHeldByCurrentThread() ? working : null;
        return w != null ? w : committed;
    }

    private static String versionOf(LocalState state, String pool) {
        LocalState.PoolEntry entry = state.pools().get(pool);
        return entry == null ? "0" : entry.resourceVersion();
    }

    private static SpiderIPPool withStatus(SpiderIPPool spec, LocalState state) {
        SpiderIPPool copy = COPIER.convertValue(spec, SpiderIPPool.class);
        copy.getMetadata().setResourceVersion(versionOf(state, spec.getMetadata().getName()));
        LocalState.PoolEntry entry = state.pools().get(spec.getMetadata().getName());
        copy.setStatus(entry == null ? new IPPoolStatus(null, null, 0L)
                : new IPPoolStatus(entry.allocatedIPs(), null, entry.allocatedIPCount()));
        return copy;
    }

    @Override
    public void close() {
        fileLock.close();
    }
}
