package io.seamline.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.projection.warehouse.AsOf;
import io.seamline.projection.warehouse.InvalidQueryParameter;
import io.seamline.projection.warehouse.WarehouseQuery;
import io.seamline.projection.warehouse.sql.SqlAsOf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The warehouse endpoints' query strings, parsed into the reads the warehouse takes or refused naming the parameter. */
class WarehouseParametersTest {

    @Test
    void nothingGiven_theCurrentVersionEveryColumnTheDefaultLimitEveryDay() {
        assertThat(WarehouseParameters.read(null, " ", null, "", null)).isEqualTo(WarehouseQuery.Read.ALL);
    }

    @Test
    void everythingGiven_parsedAsAsked() {
        assertThat(WarehouseParameters.read("7", "global_index, event_id", "3", "2026-11-22", "2026-11-23"))
                .isEqualTo(new WarehouseQuery.Read(new AsOf.Version(7), List.of("global_index", "event_id"), 3,
                        LocalDate.parse("2026-11-22"), LocalDate.parse("2026-11-23")));
    }

    @Test
    void asOf_digitsAreAVersion_anythingElseAnInstant() {
        assertThat(WarehouseParameters.asOf(" 0 ")).isEqualTo(new AsOf.Version(0));
        assertThat(WarehouseParameters.asOf("2026-11-23T10:15:30Z"))
                .isEqualTo(new AsOf.At(Instant.parse("2026-11-23T10:15:30Z")));
    }

    @Test
    void columns_keepEmptyNames_forTheWarehouseToRefuse() {
        assertThat(WarehouseParameters.columns("event_id,,type")).containsExactly("event_id", "", "type");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "asOf,    yesterday,      -,      -,          -",
            "asOf,    -1,             -,      -,          -",
            "asOf,    2026-11-23,     -,      -,          -",
            "asOf,    99999999999999999999, -, -,         -",
            "limit,   -,              ten,    -,          -",
            "limit,   -,              -5,     -,          -",
            "limit,   -,              99999999999999999999, -, -",
            "from,    -,              -,      2026-13-01, -",
            "to,      -,              -,      -,          23.11.2026",
    })
    void aParameterThatDoesNotParse_refusedNamingIt(String parameter, String asOf, String limit, String from,
                                                    String to) {
        assertThatThrownBy(() -> WarehouseParameters.read(asOf, null, limit, from, to))
                .isInstanceOfSatisfying(InvalidQueryParameter.class,
                        e -> assertThat(e.parameter()).isEqualTo(parameter))
                .hasMessageContaining(parameter);
    }

    @Test
    void sqlAsOf_absentIsCurrent_anInstantIsForEveryTable() {
        assertThat(WarehouseParameters.sqlAsOf(null)).isEqualTo(SqlAsOf.CURRENT);
        assertThat(WarehouseParameters.sqlAsOf(json("null"))).isEqualTo(SqlAsOf.CURRENT);
        assertThat(WarehouseParameters.sqlAsOf(json("\" \""))).isEqualTo(SqlAsOf.CURRENT);
        assertThat(WarehouseParameters.sqlAsOf(json("\"2026-11-23T10:15:30Z\"")))
                .isEqualTo(SqlAsOf.at(Instant.parse("2026-11-23T10:15:30Z")));
    }

    @Test
    void sqlAsOf_anObjectPinsEachTableItNames_toAVersionOrAnInstant() {
        assertThat(WarehouseParameters.sqlAsOf(json("""
                {"gold_daily_revenue": 12, "silver.orders": "2026-11-23T10:15:30Z", "silver_products": " 7 "}""")))
                .isEqualTo(SqlAsOf.pinned(Map.of("gold_daily_revenue", new AsOf.Version(12),
                        "silver.orders", new AsOf.At(Instant.parse("2026-11-23T10:15:30Z")),
                        "silver_products", new AsOf.Version(7))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            3                           | asOf
            `"3"`                       | asOf
            `"soon"`                    | asOf
            true                        | asOf
            `[12]`                      | asOf
            `{"t": -1}`                 | asOf.t
            `{"t": 1.5}`                | asOf.t
            `{"t": 99999999999999999999}` | asOf.t
            `{"t": "soon"}`             | asOf.t
            `{"t": ""}`                 | asOf.t
            `{"t": true}`               | asOf.t
            `{"t": null}`               | asOf.t
            `{"t": {"v": 1}}`           | asOf.t
            `{"ok": 1, "t": "2026-11-23"}` | asOf.t
            """)
    void sqlAsOf_aValueThatDoesNotParse_refusedNamingItsField(String body, String field) {
        assertThatThrownBy(() -> WarehouseParameters.sqlAsOf(json(body)))
                .isInstanceOfSatisfying(InvalidQueryParameter.class, e -> assertThat(e.parameter()).isEqualTo(field))
                .hasMessageContaining(field);
    }

    @Test
    void sqlAsOf_aLoneVersionNumber_refusedPointingToTheObjectForm() {
        for (String lone : List.of("3", "\"3\"")) {
            assertThatThrownBy(() -> WarehouseParameters.sqlAsOf(json(lone))).as(lone)
                    .isInstanceOf(InvalidQueryParameter.class)
                    .hasMessageContaining("versions are per table")
                    .hasMessageContaining("{\"gold_daily_revenue\": 12");
        }
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError(text, e);
        }
    }
}
