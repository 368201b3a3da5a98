package dev.l610.modem.internal.net;

import dev.l610.modem.net.Direction;
import dev.l610.modem.net.Shaping;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The fault handlers on embedded channels, with the loop's clock frozen: no sleeps. */
class PathFaultsTest {

    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 1000);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 2000);

    private static DatagramPacket packet(int b) {
        return new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {(byte) b}), A, B);
    }

    private static EmbeddedChannel datagrams(PathFaults faults) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addFirst(faults.datagramHandler());
        return ch;
    }

    private static EmbeddedChannel stream(PathFaults faults) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addFirst(faults.streamHandler());
        return ch;
    }

    private static int first(Object msg) {
        ByteBuf b = msg instanceof DatagramPacket p ? p.content() : (ByteBuf) msg;
        int v = b.getByte(b.readerIndex());
        io.netty.util.ReferenceCountUtil.release(msg);
        return v;
    }

    @Test
    void datagramsPassUntouchedWithoutFaults() {
        EmbeddedChannel ch = datagrams(new PathFaults(1));
        ch.writeInbound(packet(1));
        ch.writeOutbound(packet(2));
        assertThat(first(ch.readInbound())).isEqualTo(1);
        assertThat(first(ch.readOutbound())).isEqualTo(2);
        ch.finishAndReleaseAll();
    }

    @Test
    void blackholeSilencesBothDirectionsButWritesSucceed() {
        PathFaults faults = new PathFaults(1);
        faults.blackhole(true);
        EmbeddedChannel ch = datagrams(faults);
        ch.writeInbound(packet(1));
        ChannelFuture w = ch.writeAndFlush(packet(2));
        assertThat(w.isSuccess()).isTrue();
        assertThat(ch.<Object>readInbound()).isNull();
        assertThat(ch.<Object>readOutbound()).isNull();
        assertThat(ch.isOpen()).isTrue();

        EmbeddedChannel s = stream(faults);
        s.writeInbound(Unpooled.wrappedBuffer(new byte[] {1}));
        assertThat(s.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {2})).isSuccess()).isTrue();
        assertThat(s.<Object>readInbound()).isNull();
        assertThat(s.<Object>readOutbound()).isNull();
        assertThat(s.isOpen()).isTrue();
        faults.blackhole(false);
        s.writeInbound(Unpooled.wrappedBuffer(new byte[] {3}));
        assertThat(first(s.readInbound())).isEqualTo(3);
        ch.finishAndReleaseAll();
        s.finishAndReleaseAll();
    }

    @Test
    void datagramLossDropsAndTheSeedRepeatsTheRun() {
        List<Integer> run1 = lossRun(7);
        List<Integer> run2 = lossRun(7);
        assertThat(run1).isEqualTo(run2);
        assertThat(run1).isNotEmpty().hasSizeLessThan(100);
    }

    private static List<Integer> lossRun(long seed) {
        PathFaults faults = new PathFaults(seed);
        faults.shape(Direction.DOWNLINK, new Shaping(Duration.ZERO, Duration.ZERO, 0, 0.5));
        EmbeddedChannel ch = datagrams(faults);
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ch.writeInbound(packet(i));
            Object m;
            while ((m = ch.readInbound()) != null) {
                got.add(first(m));
            }
        }
        ch.finishAndReleaseAll();
        return got;
    }

    @Test
    void latencyHoldsDatagramsUntilDue() {
        PathFaults faults = new PathFaults(1);
        faults.shape(Direction.UPLINK, Shaping.latency(Duration.ofMillis(100)));
        EmbeddedChannel ch = datagrams(faults);
        ChannelFuture w = ch.writeAndFlush(packet(5));
        assertThat(ch.<Object>readOutbound()).isNull();
        assertThat(w.isDone()).isFalse();
        ch.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(first(ch.readOutbound())).isEqualTo(5);
        assertThat(w.isSuccess()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void streamShapingKeepsTheOrderOfBytes() {
        PathFaults faults = new PathFaults(3);
        faults.shape(Direction.DOWNLINK, new Shaping(Duration.ofMillis(50), Duration.ofMillis(200), 1000, 0.5));
        EmbeddedChannel ch = stream(faults);
        for (int i = 0; i < 20; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) i}));
        }
        assertThat(ch.<Object>readInbound()).isNull();
        List<Integer> got = new ArrayList<>();
        for (int step = 0; step < 200 && got.size() < 20; step++) {
            ch.advanceTimeBy(50, TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
            Object m;
            while ((m = ch.readInbound()) != null) {
                got.add(first(m));
            }
        }
        assertThat(got).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
        ch.finishAndReleaseAll();
    }

    @Test
    void shapingIsValidated() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Shaping(Duration.ZERO, Duration.ZERO, 0, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Shaping(Duration.ofMillis(-1), Duration.ZERO, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void heldBytesComeBeforeTheClose() {
        PathFaults faults = new PathFaults(1);
        faults.shape(Direction.DOWNLINK, Shaping.latency(Duration.ofSeconds(10)));
        List<String> seen = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                seen.add("read " + first(msg));
            }

            @Override
            public void channelInactive(io.netty.channel.ChannelHandlerContext ctx) {
                seen.add("inactive");
            }
        });
        ch.freezeTime();
        ch.pipeline().addFirst(faults.streamHandler());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {9}));
        assertThat(seen).isEmpty();
        ch.close();
        assertThat(seen).containsExactly("read 9", "inactive");
        assertThat(faults.openStreams()).isZero();
    }

    @Test
    void datagramOnlyShapingLeavesStreamsAlone() {
        PathFaults faults = new PathFaults(1);
        faults.shapeDatagrams(Direction.DOWNLINK, new Shaping(Duration.ZERO, Duration.ZERO, 0, 1.0));
        EmbeddedChannel d = datagrams(faults);
        d.writeInbound(packet(1));
        assertThat(d.<Object>readInbound()).isNull();
        EmbeddedChannel s = stream(faults);
        s.writeInbound(Unpooled.wrappedBuffer(new byte[] {2}));
        assertThat(first(s.readInbound())).isEqualTo(2);
        faults.shapeDatagrams(Direction.DOWNLINK, null);
        d.writeInbound(packet(3));
        assertThat(first(d.readInbound())).isEqualTo(3);
        d.finishAndReleaseAll();
        s.finishAndReleaseAll();
    }
}
