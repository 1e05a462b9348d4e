package io.caravan.cli;

/** A command line that does not make sense: printed with the usage. */
final class UsageError extends RuntimeException {

    UsageError(String message) {
        super(message);
    }
}
