package io.caravan.wiring;

import io.caravan.api.ApiGate;
import io.caravan.api.ApiRequestReader;
import io.caravan.api.ApiResponses;
import io.caravan.api.JoinRedirect;
import io.caravan.api.RawRequestBody;
import io.caravan.api.RequestValidation;
import io.caravan.bbb.BbbResponses;
import io.caravan.bbb.ChecksumVerifier;
import io.caravan.bbb.JoinErrorRedirect;
import io.caravan.config.Settings;
import io.caravan.inventory.Tenants;
import io.caravan.nodes.NodeRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The API pipeline's own steps (routes/bbb-api.camel.yaml): reading, checking and answering a BBB API call. */
public class ApiConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ApiConfiguration.class);

    @BindToRegistry
    public ApiRequestReader apiRequestReader() {
        return new ApiRequestReader();
    }

    /** bbb-web's checksum rules, with the secrets of caravan.secret(s), or of the tenants when any are declared. */
    @BindToRegistry
    public ApiGate apiGate(Settings settings, Tenants tenants, PrometheusMeterRegistry meters) {
        if (!tenants.declared() && settings.secrets().isEmpty()) {
            LOG.warn("caravan.secret is empty: every API call will be refused with checksumError");
        }
        if (tenants.declared()) {
            LOG.info("{} tenants declared: API calls are checked with their secrets, caravan.secret is not accepted",
                    tenants.all().size());
        }
        return new ApiGate(new ChecksumVerifier(settings.secrets(), settings.allowedChecksums()), tenants::declared,
                meters);
    }

    @BindToRegistry
    public RequestValidation requestValidation() {
        return new RequestValidation();
    }

    @BindToRegistry
    public ApiResponses apiResponses(Settings settings, NodeRegistry registry) {
        String joinErrors = settings.joinErrorUrl().isEmpty() ? settings.publicUrl() : settings.joinErrorUrl();
        return new ApiResponses(new BbbResponses(), new JoinErrorRedirect(joinErrors), registry::lowestBbbVersion);
    }

    @BindToRegistry
    public JoinRedirect joinRedirect() {
        return new JoinRedirect();
    }

    @BindToRegistry
    public RawRequestBody rawRequestBody(Settings settings) {
        return new RawRequestBody(settings.server().maxBodySize(), settings.nodeTimeoutMillis());
    }
}
