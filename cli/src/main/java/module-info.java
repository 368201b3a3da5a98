/**
 * The l610 command-line tool (picocli). Shipped as the shaded cli/target/l610.jar, which runs on the
 * class path (the shade plugin leaves every module-info.class out); this descriptor checks at compile time
 * that the tool uses only the other modules' exported API.
 */
module dev.l610.cli {
    // picocli reads the commands' annotations and sets their @Option/@Parameters fields by reflection
    opens dev.l610.cli to info.picocli;

    requires dev.l610.embed;
    requires dev.l610.fleet;
    requires dev.l610.link;
    requires dev.l610.modem;
    requires dev.l610.broker;
    requires dev.l610.mqttsn;
    requires info.picocli;
    requires org.jline.terminal;
    requires org.jline.reader;
    requires java.net.http; // fault: the control API's HTTP client
}
