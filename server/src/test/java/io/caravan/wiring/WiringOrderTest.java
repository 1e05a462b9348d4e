package io.caravan.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.caravan.Application;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.junit.jupiter.api.Test;

/**
 * The configuration classes, in the order Application adds them, only ever ask for beans that exist by then, and bind
 * every bean the routes name. Camel runs one class's factories in no fixed order and fills a parameter with the one
 * bean of its type in the registry, so a factory may take beans of earlier classes and its own class's lazy beans,
 * each of those types bound once.
 */
class WiringOrderTest {

    private record Factory(Class<?> area, Method method, String name, boolean lazy) {
    }

    private static List<List<Factory>> areas() {
        List<List<Factory>> areas = new ArrayList<>();
        for (CamelConfiguration configuration : Application.create(new Properties()).configure().getConfigurations()) {
            List<Factory> factories = new ArrayList<>();
            for (Method method : configuration.getClass().getDeclaredMethods()) {
                BindToRegistry bind = method.getAnnotation(BindToRegistry.class);
                if (bind != null) {
                    factories.add(new Factory(configuration.getClass(), method,
                            bind.value().isEmpty() ? method.getName() : bind.value(), bind.lazy()));
                }
            }
            areas.add(factories);
        }
        return areas;
    }

    @Test
    void everyFactoryTakesOnlyTheContextAndBeansBoundBeforeItOrLazilyBesideIt() {
        List<Factory> earlier = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (List<Factory> area : areas()) {
            for (Factory factory : area) {
                assertTrue(Modifier.isPublic(factory.method().getModifiers()), factory.method() + " is not public");
                for (Class<?> type : factory.method().getParameterTypes()) {
                    if (type == CamelContext.class || type == Registry.class) {
                        continue;
                    }
                    List<Factory> before = earlier.stream().filter(f -> type.isAssignableFrom(returned(f))).toList();
                    List<Factory> lazyBeside = area.stream()
                            .filter(f -> f.lazy() && f != factory && type.isAssignableFrom(returned(f))).toList();
                    if (before.size() + lazyBeside.size() != 1) {
                        problems.add(factory.area().getSimpleName() + "." + factory.name() + " takes a "
                                + type.getSimpleName() + " that is bound " + (before.size() + lazyBeside.size())
                                + " times before it or lazily beside it");
                    }
                }
            }
            earlier.addAll(area);
        }
        assertEquals(List.of(), problems);
    }

    /** So that what a lazy factory does at start (register a service, read the inventory) is done in its turn. */
    @Test
    void everyLazyBeanIsTakenByAnEagerFactoryOfItsClass() {
        List<String> untaken = new ArrayList<>();
        for (List<Factory> area : areas()) {
            for (Factory lazy : area.stream().filter(Factory::lazy).toList()) {
                boolean taken = area.stream().anyMatch(f -> f != lazy && !f.lazy() && takes(f, lazy))
                        || area.stream().anyMatch(f -> f != lazy && f.lazy() && takes(f, lazy)
                                && area.stream().anyMatch(g -> !g.lazy() && takes(g, f)));
                if (!taken) {
                    untaken.add(lazy.area().getSimpleName() + "." + lazy.name());
                }
            }
        }
        assertEquals(List.of(), untaken);
    }

    private static boolean takes(Factory factory, Factory dependency) {
        return Stream.of(factory.method().getParameterTypes()).anyMatch(t -> t.isAssignableFrom(returned(dependency)));
    }

    @Test
    void settingsAreBoundFirst() {
        assertEquals(List.of("settings"), areas().get(0).stream().map(Factory::name).toList());
    }

    @Test
    void noTwoFactoriesBindOneName() {
        Map<String, Factory> byName = new HashMap<>();
        for (List<Factory> area : areas()) {
            for (Factory factory : area) {
                Factory other = byName.put(factory.name(), factory);
                assertEquals(null, other, factory.name() + " is bound by " + factory.area().getSimpleName() + " and "
                        + (other == null ? "" : other.area().getSimpleName()));
            }
        }
    }

    @Test
    void everyBeanTheRoutesNameIsBound() throws IOException {
        Set<String> bound = new TreeSet<>();
        areas().forEach(area -> area.forEach(factory -> bound.add(factory.name())));
        Set<String> named = new TreeSet<>();
        // bean steps (ref: name) and endpoint options that point at a bean (#name)
        Pattern reference = Pattern.compile("ref:\\s*([A-Za-z]+)|=#([A-Za-z]+)");
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path file : routes.filter(p -> p.toString().endsWith(".camel.yaml")).toList()) {
                Matcher matcher = reference.matcher(Files.readString(file));
                while (matcher.find()) {
                    named.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
                }
            }
        }
        assertTrue(named.size() > 30, "routes name only " + named);
        named.removeAll(bound);
        assertEquals(Set.of(), named);
    }

    private static Class<?> returned(Factory factory) {
        return factory.method().getReturnType();
    }
}
