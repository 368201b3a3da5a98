package dev.l610.embed.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request does not arrive whole in time: from the connection (or the last
 * response) to the end of the next request, at most {@code seconds}. A client that trickles a header byte
 * by byte is closed all the same, so slow clients hold a connection for a bounded time and never a thread.
 */
public final class RequestDeadline extends ChannelDuplexHandler {

    private final long seconds;
    private ScheduledFuture<?> deadline;

    public RequestDeadline(long seconds) {
        this.seconds = seconds;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof LastHttpContent) {
            disarm(); // the request is whole; its answer may take its time
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof LastHttpContent) {
            promise.addListener(f -> {
                if (ctx.channel().isActive()) {
                    arm(ctx); // the next request on a kept-alive connection
                }
            });
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        deadline = ctx.executor().schedule(() -> {
            ctx.close();
        }, seconds, TimeUnit.SECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
