package dev.l610.modem.command;

import dev.l610.at.AtCommand;

/**
 * Runs one parsed command on the modem's serial executor and says how it ended. A handler reads like
 * its manual section: switch on {@link AtCommand#type()}, check parameters with {@link Params}
 * (which throws {@link ParamException}, answered as "incorrect parameters"), act, answer.
 */
@FunctionalInterface
public interface CommandHandler {
    Outcome handle(AtCommand command, CommandContext context);
}
