package dev.l610.cli;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.link.LinkException;

/** Turns failures into one line a user can act on; only unexpected ones keep their class name. */
final class Errors {

    private Errors() {
    }

    static String describe(Throwable e) {
        if (e instanceof LinkException || e instanceof EmbeddedBroker.BrokerStartException
                || e instanceof IllegalArgumentException || e instanceof UsageException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** A flag combination that makes no sense; exit code 2 like picocli's own usage errors. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
