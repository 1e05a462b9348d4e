/**
 * Caravan's beans, built from {@link io.caravan.config.Settings} and bound under the names the routes use: one small
 * configuration class per area, whose {@code @BindToRegistry} methods are the factories (method name = bean name).
 *
 * <p>{@link io.caravan.Application} adds the classes in the order their beans are built; camel-main runs each class's
 * factories before the next class's. A factory takes what it needs as parameters, which Camel fills in: the
 * {@code CamelContext}, and beans already in the registry, by type. So a factory takes only {@code settings} (bound
 * first), beans of the classes added before its own, and beans of its own class marked {@code lazy = true}: Camel
 * runs the factories of one class in no order a reader can rely on, but builds a lazy bean when a factory first asks
 * for it (once). Side effects that must happen at start (connecting to Redis, registering services, the Vert.x of
 * vertx-http, callbacks into routes, gauges) happen in the factory of the bean they belong to.
 *
 * <p>The classes are added as instances: camel-main post-processes a configuration class it instantiates itself
 * twice (its injector, then loadConfigurations), which would run every factory twice.
 */
package io.caravan.wiring;
