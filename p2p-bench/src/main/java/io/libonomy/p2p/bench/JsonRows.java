package io.libonomy.p2p.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The JSON output of every benchmark ({@code --json FILE}): an array of {@link Row}s. */
final class JsonRows {

  private JsonRows() {}

  /**
   * One measured case: {@code {"benchmark": "direct", "case": "1024B", "metric": "msgs/s",
   * "ours": n, "baselines": {"raw-netty": n, ...}}}, baselines in the order given. A number is
   * written as Jackson writes its type: a {@link Long} as an integer, a {@link Double} with a
   * fraction.
   */
  @JsonPropertyOrder({"benchmark", "case", "metric", "ours", "baselines"})
  record Row(
      String benchmark,
      @JsonProperty("case") String caseName,
      String metric,
      Number ours,
      Map<String, Number> baselines) {}

  /** Writes {@code rows} to {@code file} as a JSON array, creating missing parent directories. */
  static void write(Path file, List<Row> rows) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), rows);
  }
}
