package dev.ollamaperf.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class OllamaHostTest {

    @ParameterizedTest(name = "[{index}] OLLAMA_HOST=''{0}'' -> {1}:{2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "NULL                        | 127.0.0.1 | 11434",
                "''                          | 127.0.0.1 | 11434",
                "0.0.0.0                     | 0.0.0.0   | 11434",
                "0.0.0.0:8080                | 0.0.0.0   | 8080",
                "localhost:9000              | localhost | 9000",
                "http://10.0.0.5             | 10.0.0.5  | 80",
                "https://10.0.0.5            | 10.0.0.5  | 443",
                "http://10.0.0.5:1234/ollama | 10.0.0.5  | 1234",
                "'\"127.0.0.1:5000\"'        | 127.0.0.1 | 5000",
                ":7000                       | 0.0.0.0   | 7000",
                "[::1]:7001                  | ::1       | 7001",
                "127.0.0.1:notaport          | 127.0.0.1 | 11434",
                "127.0.0.1:70000             | 127.0.0.1 | 11434",
            })
    void parse_ollamaHostForms_matchOllamasEnvconfig(String value, String host, int port) {
        assertThat(OllamaHost.parse(value)).isEqualTo(new OllamaHost(host, port));
    }
}
