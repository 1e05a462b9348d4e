package io.caravan.routes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The exchange's contract is one class: every exchange property the YAML routes name is one of its constants. */
class ExchangeContractTest {

    private static final Pattern READ = Pattern.compile("exchangeProperty\\.([A-Za-z]+)");
    private static final Pattern SET = Pattern.compile("setProperty:\\s*\\n\\s*name:\\s*([A-Za-z]+)");

    @Test
    void everyPropertyTheRoutesNameIsInExchangeProperties() throws IOException, IllegalAccessException {
        Set<String> contract = new HashSet<>();
        for (Field field : ExchangeProperties.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                contract.add((String) field.get(null));
            }
        }
        Set<String> named = new TreeSet<>();
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path file : routes.filter(path -> path.toString().endsWith(".camel.yaml")).toList()) {
                String yaml = Files.readString(file);
                for (Pattern pattern : new Pattern[] {READ, SET}) {
                    Matcher matcher = pattern.matcher(yaml);
                    while (matcher.find()) {
                        named.add(matcher.group(1));
                    }
                }
            }
        }
        assertTrue(named.size() > 10, "the routes name properties: " + named);
        named.removeAll(contract);
        assertTrue(named.isEmpty(), "named in routes/ but not in ExchangeProperties: " + named);
    }
}
