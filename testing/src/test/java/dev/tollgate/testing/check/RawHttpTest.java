package dev.tollgate.testing.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawHttpTest {

  @Test
  void parseWhenChunkedThenBodyReassembled() {
    String raw =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
            + "5\r\n{\"a\":\r\n3;ext=1\r\n\"b\"\r\n1\r\n}\r\n0\r\n\r\n";

    HttpResult result = RawHttp.parse(raw.getBytes(StandardCharsets.ISO_8859_1));

    assertEquals(200, result.status());
    assertEquals("{\"a\":\"b\"}", result.body());
    assertEquals("application/json", result.first("content-type"));
  }

  @Test
  void parseWhenNoHeaderEndThenNoResponse() {
    HttpResult result =
        RawHttp.parse("HTTP/1.1 200 OK\r\nX: y".getBytes(StandardCharsets.ISO_8859_1));

    assertEquals(0, result.status());
  }
}
