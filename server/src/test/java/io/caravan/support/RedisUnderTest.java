package io.caravan.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.caravan.store.Redis;
import org.junit.jupiter.api.Tag;

/**
 * A real Redis server for the scale-out tests, on a free loopback port, without persistence. It is the machine's
 * {@code redis-server} when there is one (.ci/run installs Debian's), else the Linux build shipped in the
 * embedded-redis test artifact, run the same way. {@link #stop()} and {@link #start()} kill it and bring it back on
 * the same port, empty: what a Redis restart without persistence does to Caravan.
 */
@Tag("end-to-end")
public final class RedisUnderTest implements AutoCloseable {

    private final Path executable;
    private final int port;
    private final Path log;
    private Process process;

    private RedisUnderTest(Path executable, int port, Path log) {
        this.executable = executable;
        this.port = port;
        this.log = log;
    }

    public static RedisUnderTest start() {
        try {
            RedisUnderTest redis = new RedisUnderTest(executable(), CaravanUnderTest.freePort(),
                    Files.createTempFile("caravan-test-redis", ".log"));
            redis.startServer();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Kills the server (SIGKILL: no goodbye to the clients), as a crash would. */
    public void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** A started connection to this server, its keys under this prefix (1 s command timeout). */
    public Redis connect(String prefix) {
        Redis redis = new Redis(url(), Duration.ofSeconds(1), prefix);
        redis.start();
        if (!redis.available()) {
            throw new IllegalStateException("Redis at " + url() + " is not available");
        }
        return redis;
    }

    /** Starts the server again on the same port, with no data. */
    public void restart() {
        startServer();
    }

    /** Sends one command in Redis's inline protocol and answers the first line of the reply. */
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startServer() {
        try {
            process = new ProcessBuilder(executable.toString(), "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try {
                if ("+PONG".equals(command("PING"))) {
                    return;
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited, see " + log);
            }
            sleep(50);
        }
        throw new IllegalStateException("redis-server did not answer PING within 15 s, see " + log);
    }

    private static Path executable() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (Path candidate : List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/sbin/redis-server"))) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return shipped();
    }

    /** The redis-server of the embedded-redis artifact, for machines without one. */
    private static Path shipped() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String resource;
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            resource = "/redis-server-6.2.6-v5-linux-amd64";
        } else if (os.contains("linux") && arch.equals("aarch64")) {
            resource = "/redis-server-6.2.7-linux-arm64";
        } else {
            throw new IllegalStateException("no redis-server on PATH and none shipped for " + os + "/" + arch
                    + ": install Redis (apt-get install redis-server)");
        }
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "caravan-test" + resource);
        if (!Files.isExecutable(target)) {
            try (InputStream in = RedisUnderTest.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("embedded-redis artifact lacks " + resource);
                }
                Files.createDirectories(target.getParent());
                Path temp = Files.createTempFile(target.getParent(), "redis-server", ".part");
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                temp.toFile().setExecutable(true);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
