package io.libonomy.p2p.net.tcp;

import io.libonomy.p2p.api.FrameTooLargeException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * The §5.1 frame decoder: Netty's {@link LengthFieldBasedFrameDecoder} (4-byte big-endian
 * length, stripped) with a limit that starts at {@value #HANDSHAKE_LIMIT} bytes and is raised
 * to {@code maxFrameSize} the moment the handshake completes. The length prefix is checked
 * before any body byte is buffered, and an oversize prefix fails with
 * {@link FrameTooLargeException} so the session handler closes the connection (Netty's own
 * decoder would only discard the frame).
 *
 * <p>The limit is raised from the same event-loop call that decodes HELLO, so a frame that
 * follows HELLO in the same read is already judged by the new limit.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {

  static final int HANDSHAKE_LIMIT = 1024;
  static final int LENGTH_FIELD = 4;

  private long limit = HANDSHAKE_LIMIT;

  FrameDecoder(int maxFrameSize) {
    super(maxFrameSize + LENGTH_FIELD, 0, LENGTH_FIELD, 0, LENGTH_FIELD, true);
  }

  /** Raises the limit to the post-handshake {@code maxFrameSize}; event loop only. */
  void raiseLimit(int maxFrameSize) {
    limit = maxFrameSize;
  }

  @Override
  protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
    if (in.readableBytes() >= LENGTH_FIELD) {
      long length = in.getUnsignedInt(in.readerIndex());
      if (length > limit) {
        in.skipBytes(in.readableBytes());
        throw new FrameTooLargeException(
            "frame length " + length + " exceeds the limit of " + limit + " bytes");
      }
    }
    return super.decode(ctx, in);
  }
}
