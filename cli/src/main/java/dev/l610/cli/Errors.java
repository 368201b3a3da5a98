package dev.l610.cli;

import dev.l610.broker.EmbeddedBroker;
import dev.l610.link.LinkException;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns failures into one line a user can act on; only unexpected ones keep their class name. */
final class Errors {

    private static final Pattern UNMATCHED = Pattern.compile("Unmatched arguments? (?:at|from) index \\d+: (.*)", Pattern.DOTALL);
    private static final Pattern LABELLED = Pattern.compile("(Unknown options?|Missing required (?:option|parameter|argument)s?"
            + "(?: for option '[^']*')?): (.*)", Pattern.DOTALL);

    private Errors() {
    }

    static String describe(Throwable e) {
        FileSystemException fs = fileSystemCause(e);
        boolean ours = e instanceof LinkException || e instanceof EmbeddedBroker.BrokerStartException
                || e instanceof IllegalArgumentException || e instanceof UsageException;
        if (ours && fs != null && e.getMessage() != null && fs.getMessage() != null && e.getMessage().endsWith(": " + fs.getMessage())) {
            // "cannot create the symlink /a/b/tty: /a/b/tty" -> "cannot create the symlink /a/b/tty: no such directory: /a/b"
            String head = e.getMessage().substring(0, e.getMessage().length() - fs.getMessage().length());
            return head + explain(fs);
        }
        if (ours) {
            return e.getMessage();
        }
        if (fs != null) {
            return explain(fs);
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** What is wrong with a path, in words: "no such directory: /a/b", "permission denied: /a/b/c". */
    static String explain(FileSystemException fs) {
        String file = fs.getFile();
        if (fs instanceof NoSuchFileException && file != null) {
            Path parent = Path.of(file).toAbsolutePath().getParent();
            return parent != null && !Files.isDirectory(parent) ? "no such directory: " + parent : "no such file: " + file;
        }
        if (fs instanceof AccessDeniedException) {
            return "permission denied: " + file;
        }
        if (fs instanceof FileAlreadyExistsException) {
            return "already exists: " + file;
        }
        if (fs instanceof NotDirectoryException) {
            return "not a directory: " + file;
        }
        return fs.getReason() != null ? fs.getReason().toLowerCase(java.util.Locale.ROOT) + ": " + file : "cannot use " + file;
    }

    /** Checks the directory a file is to be made in: null when it exists, else what is wrong. */
    static String missingDirectory(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || Files.isDirectory(parent)) {
            return null;
        }
        return Files.exists(parent) ? "not a directory: " + parent : explain(new NoSuchFileException(file.toString()));
    }

    private static FileSystemException fileSystemCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException f) {
                return f;
            }
        }
        return null;
    }

    /** picocli's usage messages in the style of the rest: "unknown option '--foo'", "unexpected argument 'x'". */
    static String usageMessage(String picocli) {
        if (picocli == null || picocli.isEmpty()) {
            return "bad command line";
        }
        Matcher m = UNMATCHED.matcher(picocli);
        if (m.matches()) {
            return (m.group(1).contains("', '") ? "unexpected arguments " : "unexpected argument ") + m.group(1);
        }
        m = LABELLED.matcher(picocli);
        if (m.matches()) {
            return lowerFirst(m.group(1)) + " " + m.group(2);
        }
        return lowerFirst(picocli);
    }

    private static String lowerFirst(String s) {
        return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))
                ? Character.toLowerCase(s.charAt(0)) + s.substring(1) : s;
    }

    /** A flag combination that makes no sense; exit code 2 like picocli's own usage errors. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
