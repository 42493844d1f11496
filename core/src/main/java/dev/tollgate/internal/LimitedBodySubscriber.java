package dev.tollgate.internal;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Collects a body up to a cap, and cancels the stream as soon as the cap is passed. */
final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
  private final int maxBytes;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final boolean declaredTooLarge;
  private Flow.@org.jspecify.annotations.Nullable Subscription subscription;

  LimitedBodySubscriber(int maxBytes, HttpResponse.ResponseInfo info) {
    this.maxBytes = maxBytes;
    OptionalLong declared = info.headers().firstValueAsLong("Content-Length");
    this.declaredTooLarge = declared.isPresent() && declared.getAsLong() > maxBytes;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (declaredTooLarge) {
      // Refuse before reading a byte of a body announced as too large.
      subscription.cancel();
      result.completeExceptionally(BoundedHttp.tooLarge(maxBytes));
      return;
    }
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      if (buffer.size() + item.remaining() > maxBytes) {
        Flow.Subscription current = subscription;
        if (current != null) {
          current.cancel();
        }
        result.completeExceptionally(BoundedHttp.tooLarge(maxBytes));
        return;
      }
      byte[] bytes = new byte[item.remaining()];
      item.get(bytes);
      buffer.writeBytes(bytes);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(buffer.toByteArray());
  }
}
