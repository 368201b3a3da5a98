/**
 * Host links to a virtual modem: stdio, TCP, pseudo-terminal, serial port; transcripts.
 */
module dev.l610.link {
    exports dev.l610.link;

    requires transitive dev.l610.modem;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    // pty4j 0.13's jar has neither a module-info nor an Automatic-Module-Name: this name comes from its
    // file name (pty4j-0.13.12.jar) and is fragile.
    requires pty4j;
    requires com.sun.jna;
    requires com.fazecast.jSerialComm;
    requires org.slf4j;
}
