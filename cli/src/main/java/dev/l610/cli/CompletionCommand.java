package dev.l610.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code l610 completion bash}: prints a bash completion script for every l610 command and option. */
@Command(name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Prints a bash completion script for l610 (commands, options, file names).",
            "",
            "Load it in this shell:",
            "  source <(l610 completion bash)",
            "or for every new shell:",
            "  mkdir -p ~/.local/share/bash-completion/completions",
            "  l610 completion bash > ~/.local/share/bash-completion/completions/l610",
            "zsh takes it after 'autoload -U bashcompinit && bashcompinit'."})
public final class CompletionCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "The shell: bash.")
    String shell;

    @Override
    public Integer call() {
        if (!"bash".equals(shell)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no completion for '" + shell + "': only bash is supported");
        }
        spec.commandLine().getOut().print(AutoComplete.bash("l610", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
