package io.caravan.http;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.support.service.ServiceSupport;

/**
 * The bounded pool on which steps that may block run (file I/O of the admin routes, synchronous Redis commands with
 * caravan.store=redis), never on an event loop. A worker runs an exchange only until it goes asynchronous (a call to
 * a node), so the pool bounds blocking work, not requests in flight; its queue is bounded by
 * {@link RequestAdmission}.
 */
public final class ApiWorkers extends ServiceSupport implements Executor {

    private final ThreadPoolExecutor pool;

    public ApiWorkers(int threads) {
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "caravan-worker-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    /** Workers now running a step. */
    public int active() {
        return pool.getActiveCount();
    }

    @Override
    protected void doStop() {
        pool.shutdown();
    }
}
