package io.caravan.cli;

/** A command that could not be done; its message is what the operator reads. */
final class CommandFailed extends RuntimeException {

    CommandFailed(String message) {
        super(message);
    }
}
