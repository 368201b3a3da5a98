package dev.l610.cli;

import dev.l610.fleet.FleetReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code l610 report}: fleet reports. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        description = "Fleet reports (written by 'l610 fleet').",
        subcommands = {ReportCommand.Merge.class, CommandLine.HelpCommand.class})
public final class ReportCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code l610 report merge}: one report of the shards' reports. */
    @Command(name = "merge",
            mixinStandardHelpOptions = true,
            description = {"Merges the JSON reports of a fleet's shards into one: counts added, latency histograms merged "
                    + "(exact percentiles), devices by index.", "",
                "Arguments are report files or directories (every *.json in them, but the output)."})
    public static final class Merge implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "REPORT", arity = "1..*", description = "Shard reports (.json) or directories of them.")
        List<Path> inputs;

        @Option(names = "--out", paramLabel = "FILE", defaultValue = "merged.json",
                description = "The merged JSON report (default: ${DEFAULT-VALUE}); an HTML report is written beside it.")
        Path out;

        @Override
        public Integer call() throws IOException {
            List<Path> files = new ArrayList<>();
            for (Path p : inputs) {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> s = Files.list(p)) {
                        s.filter(f -> f.toString().endsWith(".json") && !f.toAbsolutePath().equals(out.toAbsolutePath()))
                                .sorted().forEach(files::add);
                    }
                } else if (Files.isRegularFile(p)) {
                    files.add(p);
                } else {
                    throw new CommandLine.ParameterException(spec.commandLine(), p + ": no such file or directory");
                }
            }
            if (files.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no .json reports in " + inputs);
            }
            List<FleetReport> reports = new ArrayList<>();
            for (Path f : files) {
                reports.add(FleetReport.read(f));
            }
            FleetReport merged = FleetReport.merge(reports);
            merged.write(out);
            String name = out.getFileName().toString();
            Path html = out.resolveSibling((name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + ".html");
            merged.writeHtml(html);
            FleetCommand.summary(spec.commandLine().getOut(), merged);
            spec.commandLine().getOut().println("merged " + files.size() + " reports (shards " + merged.meta().shards() + ") into "
                    + out + " and " + html);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
