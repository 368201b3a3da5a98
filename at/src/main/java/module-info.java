/**
 * The AT command layer: line framing, command-line parsing, result formatting. No dependencies.
 */
module dev.l610.at {
    exports dev.l610.at;
}
