package io.monarch.mongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoThreadFactory;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * mongo-java-server's wire server (its {@code MongoServer}), with one change: a request the server cannot decode
 * gets an error reply ({@link ErrorReplyingProtocolHandler}) where upstream closes the client's connection. Its
 * pipeline is built inside {@code MongoServer.bind}, with no way to swap a handler, hence this copy of the
 * bootstrap. The backend stays the caller's to close.
 */
final class WireServer {
    private final MongoBackend backend;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private ChannelGroup clients;
    private Channel listening;

    WireServer(MongoBackend backend) {
        this.backend = backend;
    }

    /** Listens on {@code host:port} (0: any free port); netty's BindException (undeclared) when it cannot. */
    InetSocketAddress bind(String host, int port) {
        boss = new NioEventLoopGroup(1, new MongoThreadFactory("monarch-server-boss"));
        workers = new NioEventLoopGroup(0, new MongoThreadFactory("monarch-server-worker"));
        clients = new DefaultChannelGroup("monarch-clients", workers.next());
        try {
            listening = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 100)
                    .localAddress(new InetSocketAddress(host, port))
                    .childOption(ChannelOption.TCP_NODELAY, Boolean.TRUE)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        public void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new MongoWireReplyEncoder());
                            channel.pipeline().addLast(new MongoWireMessageEncoder());
                            channel.pipeline().addLast(new ErrorReplyingProtocolHandler());
                            channel.pipeline().addLast(new MongoDatabaseHandler(backend, clients));
                            channel.pipeline().addLast(new MongoExceptionHandler());
                        }
                    })
                    .bind().syncUninterruptibly().channel();
            return (InetSocketAddress) listening.localAddress();
        } catch (Exception e) { // also netty's BindException, checked but undeclared: the caller tells it apart
            shutdownNow();
            throw e;
        }
    }

    /** Stops listening, closes every client's connection and stops the server's threads. */
    void shutdownNow() {
        if (listening != null) {
            listening.close().syncUninterruptibly();
            listening = null;
        }
        if (clients != null) {
            clients.close().syncUninterruptibly();
        }
        for (EventLoopGroup group : new EventLoopGroup[]{boss, workers}) {
            if (group != null) {
                group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }
}
