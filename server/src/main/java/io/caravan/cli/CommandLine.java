package io.caravan.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command line: its words, its options with a value (the last one given, and every one of a repeated option)
 * and its flags. {@code --url} is read as {@link #CARAVAN} except in {@code nodes update}, where it is the node's new
 * URL, {@link #NODE_URL}.
 */
final class CommandLine {

    /** Caravan's address, from {@code --caravan} or, outside {@code nodes update}, {@code --url}. */
    static final String CARAVAN = "--caravan";
    /** The node's new URL in {@code nodes update}, from {@code --url}. */
    static final String NODE_URL = "--node-url";

    private static final Set<String> FLAGS = Set.of("--force", "--yes");

    private final List<String> words;
    private final Map<String, String> options;
    private final Map<String, List<String>> repeated;
    private final Set<String> flags;

    private CommandLine(List<String> words, Map<String, String> options, Map<String, List<String>> repeated,
            Set<String> flags) {
        this.words = words;
        this.options = options;
        this.repeated = repeated;
        this.flags = flags;
    }

    static CommandLine parse(String[] args) {
        List<String> words = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, List<String>> repeated = new LinkedHashMap<>();
        Set<String> flags = new HashSet<>();
        boolean update = args.length > 1 && args[0].equals("nodes") && args[1].equals("update");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (FLAGS.contains(arg)) {
                flags.add(arg);
            } else if (arg.startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new UsageError(arg + " needs a value");
                }
                String key = arg.equals("--url") ? (update ? NODE_URL : CARAVAN) : arg;
                options.put(key, args[++i]);
                repeated.computeIfAbsent(key, k -> new ArrayList<>()).add(args[i]);
            } else {
                words.add(arg);
            }
        }
        return new CommandLine(words, options, repeated, flags);
    }

    List<String> words() {
        return Collections.unmodifiableList(words);
    }

    /** The word at {@code index}; a {@link UsageError} naming {@code what} if there is none. */
    String word(int index, String what) {
        if (index >= words.size()) {
            throw new UsageError("missing " + what);
        }
        return words.get(index);
    }

    /** The last value given to {@code option}, or null. */
    String option(String option) {
        return options.get(option);
    }

    String option(String option, String otherwise) {
        return options.getOrDefault(option, otherwise);
    }

    /** Every value given to {@code option}, in order. */
    List<String> all(String option) {
        return Collections.unmodifiableList(repeated.getOrDefault(option, List.of()));
    }

    boolean flag(String flag) {
        return flags.contains(flag);
    }
}
