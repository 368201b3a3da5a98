package dev.l610.at;

/** What one byte fed to the {@link AtFramer} completed. */
public enum FrameEvent {
    /** Nothing complete yet. */
    NONE,
    /** A command line ended with S3; read it with {@link AtFramer#line()}. */
    LINE,
    /** {@code A/} was seen: repeat the previous command line. */
    REPEAT,
    /** A line longer than the limit ended; it was discarded and must be answered {@code ERROR}. */
    OVERLONG
}
