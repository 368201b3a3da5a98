/**
 * A virtual L610 in a JVM (VirtualL610), its HTTP control API and scenario files.
 */
module dev.l610.embed {
    exports dev.l610.embed;
    exports dev.l610.embed.scenario;

    requires dev.l610.link;
    requires transitive dev.l610.modem;
    requires transitive dev.l610.broker;
    requires transitive dev.l610.mqttsn;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.codec;
    requires io.netty.codec.http;
    // the scenario files (YAML) and the control API's JSON are read as trees (JsonNode), not bound to
    // classes: nothing is opened to Jackson
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires java.xml; // JUnit XML reports of scenario runs
    requires org.slf4j;
}
