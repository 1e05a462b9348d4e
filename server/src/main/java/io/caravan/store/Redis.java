package io.caravan.store;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import io.caravan.shared.EventChannel;
import io.caravan.shared.StoreUnavailable;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caravan's one connection to Redis (or Valkey) when caravan.store=redis, and its subscription to the events channel.
 *
 * <p>Commands fail at once while the connection is down (Lettuce would otherwise queue them until the timeout, each
 * holding an API worker thread): callers get {@link StoreUnavailable} and decide what still works without Redis. The
 * first connection may fail too, so Caravan starts without Redis; {@link #check()}, run every second by the
 * shared-state route, connects, pings and so tells /health whether Redis is there. Lettuce reconnects and
 * resubscribes by itself once a connection existed.
 */
public final class Redis implements Service, EventChannel {

    private static final Logger LOG = LoggerFactory.getLogger(Redis.class);

    private final RedisURI uri;
    private final String prefix;
    private final ClientResources resources;
    private final RedisClient client;
    private volatile boolean started;
    private final AtomicReference<StatefulRedisConnection<String, String>> connection = new AtomicReference<>();
    private final AtomicReference<StatefulRedisPubSubConnection<String, String>> events = new AtomicReference<>();
    /** Events are handled off Lettuce's event loop: handlers call Redis themselves, which would wait on that loop. */
    private final ExecutorService eventThread = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "caravan-redis-events");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Consumer<String> eventHandler = message -> { };
    private volatile boolean available;
    private volatile String lastError = "not connected yet";

    /**
     * @param url    caravan.redis.url, a Lettuce URI such as redis://:password@host:6379/0 or rediss://host
     * @param prefix caravan.redis.key-prefix, in front of every key and of the events channel
     */
    public Redis(String url, Duration timeout, String prefix) {
        try {
            this.uri = RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("caravan.redis.url is not a Redis URI (redis://host:6379): "
                    + e.getMessage(), e);
        }
        this.uri.setTimeout(timeout);
        this.prefix = prefix;
        // Lettuce backs reconnects off up to 30 s by default; Caravan refuses creates while Redis is away, so it
        // retries every 2 s at most and is back within that of Redis
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
    }

    /** A key under caravan.redis.key-prefix. */
    public String key(String name) {
        return prefix + name;
    }

    /** Where Redis is, for logs and /health: host and port, never the password. */
    public String address() {
        return uri.getHost() + ":" + uri.getPort();
    }

    /** Redis's password (empty without one), for the redaction of error messages. */
    public String password() {
        char[] password = uri.getPassword();
        return password == null ? "" : new String(password);
    }

    public boolean available() {
        return available;
    }

    public String lastError() {
        return lastError;
    }

    /** Who handles the messages of the events channel (one at a time, on their own thread). */
    @Override
    public void onEvent(Consumer<String> handler) {
        this.eventHandler = handler;
    }

    /**
     * Runs commands; a Redis that is down, slow or answering errors becomes {@link StoreUnavailable}.
     */
    public <T> T call(Function<RedisCommands<String, String>, T> commands) {
        StatefulRedisConnection<String, String> current = connection.get();
        if (current == null || !current.isOpen()) {
            markUnavailable("not connected");
            throw new StoreUnavailable("Redis at " + address() + " is not connected");
        }
        try {
            return commands.apply(current.sync());
        } catch (RuntimeException e) {
            markUnavailable(e.getMessage());
            throw new StoreUnavailable("Redis at " + address() + ": " + e.getMessage(), e);
        }
    }

    /** A Lua script run atomically in Redis, answering a string (or null). */
    public String script(String lua, List<String> keys, List<String> args) {
        return call(redis -> redis.eval(lua, ScriptOutputType.VALUE, keys.toArray(String[]::new),
                args.toArray(String[]::new)));
    }

    @Override
    public void publish(String message) {
        call(redis -> redis.publish(key("events"), message));
    }

    /** Connects when not connected, pings when connected; keeps {@link #available()} up to date. */
    public void check() {
        try {
            if (connection.get() == null) {
                connect();
            }
            call(RedisCommands::ping);
            if (!available) {
                available = true;
                lastError = "";
                LOG.info("Redis at {} is available", address());
            }
        } catch (RuntimeException e) {
            markUnavailable(e.getMessage());
        }
    }

    private synchronized void connect() {
        if (connection.get() != null) {
            return;
        }
        StatefulRedisConnection<String, String> commands = client.connect(uri);
        StatefulRedisPubSubConnection<String, String> subscription;
        try {
            subscription = client.connectPubSub(uri);
        } catch (RuntimeException e) {
            commands.close();
            throw e;
        }
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                eventThread.execute(() -> {
                    try {
                        eventHandler.accept(message);
                    } catch (RuntimeException e) {
                        LOG.warn("shared event not applied: {}", e.getMessage());
                    }
                });
            }
        });
        subscription.sync().subscribe(key("events"));
        events.set(subscription);
        connection.set(commands);
    }

    private void markUnavailable(String reason) {
        lastError = reason == null ? "unknown error" : reason;
        if (available) {
            available = false;
            LOG.warn("Redis at {} is unavailable: {}; new meetings are refused until it is back", address(),
                    lastError);
        }
    }

    @Override
    public void start() {
        if (started) {
            return; // started early by the configuration, then again by the context
        }
        started = true;
        check();
        if (!available) {
            LOG.warn("Redis at {} is not reachable ({}); Caravan starts and keeps trying every second", address(),
                    lastError);
        }
    }

    @Override
    public void stop() {
        StatefulRedisPubSubConnection<String, String> subscription = events.getAndSet(null);
        if (subscription != null) {
            subscription.close();
        }
        StatefulRedisConnection<String, String> commands = connection.getAndSet(null);
        if (commands != null) {
            commands.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
        eventThread.shutdownNow();
        available = false;
    }
}
