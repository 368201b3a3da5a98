package dev.l610.link;

import com.pty4j.unix.Pty;
import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.l610.modem.VirtualModem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The modem's serial line on a pseudo-terminal: a symlink (e.g. /tmp/ttyL610) to the slave device that
 * unmodified programs open like a serial port (pyserial, minicom, screen, a C program with termios).
 *
 * <ul>
 *   <li>The slave is set to raw mode (no echo, no CR/LF translation) when it is created, so a host that
 *       does not configure the line still gets the modem's bytes unchanged; a host that sets its own
 *       termios (baud, raw) is fine too.</li>
 *   <li>The link keeps a descriptor of the slave open itself, so a host can close the device and open it
 *       again at any time; what the modem writes meanwhile waits in the line (bounded) for the next host.</li>
 *   <li>Reading and writing a pty block, so this link has a reader thread and an {@link OutputPump} of its
 *       own (one modem per pty): the modem's loop never writes to the pty itself.</li>
 * </ul>
 * Linux (and other systems with glibc's {@code cfmakeraw}) only.
 */
public final class PtyLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PtyLink.class);
    /** Most bytes queued for the pty when no host reads it; past that the oldest output is dropped. */
    public static final int MAX_PENDING_BYTES = 1024 * 1024;

    /** The few libc calls pty4j does not offer. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int open(String path, int flags);

        int close(int fd);

        int tcgetattr(int fd, byte[] termios);

        int tcsetattr(int fd, int when, byte[] termios);

        void cfmakeraw(byte[] termios);
    }

    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0x100;

    private final VirtualModem modem;
    private final Path link;
    private final Pty pty;
    private final int slaveFd;
    private final InputStream in;
    private final OutputPump sink;
    private volatile boolean closed;
    private final Thread reader;

    private PtyLink(VirtualModem modem, Path link) throws IOException {
        this.modem = modem;
        this.link = link;
        this.pty = new Pty(false);
        String slave = pty.getSlaveName();
        this.slaveFd = LibC.INSTANCE.open(slave, O_RDWR | O_NOCTTY);
        if (slaveFd < 0) {
            pty.close();
            throw new IOException("cannot open " + slave);
        }
        byte[] termios = new byte[256]; // struct termios is 60 bytes on Linux; room to spare
        if (LibC.INSTANCE.tcgetattr(slaveFd, termios) == 0) {
            LibC.INSTANCE.cfmakeraw(termios);
            LibC.INSTANCE.tcsetattr(slaveFd, 0, termios);
        }
        this.in = pty.getInputStream();
        OutputStream out = pty.getOutputStream();
        this.sink = new OutputPump("pty", out, MAX_PENDING_BYTES, e -> {
            if (!closed) {
                pause();
            }
        });
        this.reader = new Thread(this::readLoop, "l610-pty-read");
        reader.setDaemon(true);
    }

    /**
     * Creates the pseudo-terminal and the symlink {@code link} to it, and attaches the modem.
     *
     * @throws LinkException when the pty cannot be made or {@code link} exists and is not a symlink
     */
    public static PtyLink start(VirtualModem modem, Path link) {
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
            throw new LinkException(link + " exists and is not a symlink; pick another --pty path", null);
        }
        PtyLink p;
        try {
            p = new PtyLink(modem, link);
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            throw new LinkException("cannot create a pseudo-terminal: " + e.getMessage(), e instanceof Exception ex ? ex : null);
        }
        try {
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of(p.device()));
        } catch (IOException e) {
            p.close();
            throw new LinkException("cannot create the symlink " + link + ": " + e.getMessage(), e);
        }
        modem.attachHost(p.sink);
        p.reader.start();
        LOG.info("pseudo-terminal {} -> {}", link, p.device());
        return p;
    }

    /** The symlink hosts open. */
    public Path path() {
        return link;
    }

    /** The slave device, e.g. /dev/pts/3. */
    public String device() {
        return pty.getSlaveName();
    }

    private void readLoop() {
        byte[] buf = new byte[4096];
        while (!closed) {
            try {
                int n = in.read(buf, 0, buf.length);
                if (n > 0) {
                    modem.input(buf, 0, n);
                    BlockingInput.awaitRoom(modem, () -> closed);
                } else if (n < 0) {
                    pause(); // no host on the line right now
                }
            } catch (IOException e) {
                if (!closed) {
                    pause();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Bytes of modem output lost because nobody read the pty. */
    public long droppedBytes() {
        return sink.droppedBytes();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        modem.detachHost(sink);
        try {
            if (Files.isSymbolicLink(link)) {
                Files.deleteIfExists(link);
            }
        } catch (IOException ignored) {
            // best effort
        }
        sink.close();
        LibC.INSTANCE.close(slaveFd);
        try {
            pty.close();
        } catch (IOException ignored) {
            // closing
        }
        reader.interrupt();
    }
}
