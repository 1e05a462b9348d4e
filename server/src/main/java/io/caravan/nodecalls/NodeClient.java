package io.caravan.nodecalls;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The Vert.x instance and HTTP client Caravan uses to talk to nodes. It is deliberately not the Vert.x of the API
 * server: sharing one instance makes proxied requests deadlock under load, and binding a Vertx bean in the registry
 * would make platform-http pick it up.
 */
public final class NodeClient extends ServiceSupport {

    private final Vertx vertx;
    private final WebClient webClient;

    public NodeClient(int connectionsPerNode, int workerThreads) {
        this.vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(workerThreads));
        this.webClient = WebClient.create(vertx, new WebClientOptions()
                .setMaxPoolSize(connectionsPerNode)
                .setKeepAlive(true)
                .setFollowRedirects(false)
                .setConnectTimeout(5000)
                .setUserAgent("Caravan"));
    }

    public Vertx vertx() {
        return vertx;
    }

    public WebClient webClient() {
        return webClient;
    }

    @Override
    protected void doStop() {
        webClient.close();
        vertx.close();
    }
}
