package io.seamline.http;

import io.seamline.projection.warehouse.AsOf;
import io.seamline.projection.warehouse.InvalidQueryParameter;
import io.seamline.projection.warehouse.WarehouseQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

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
    void sqlAsOf_mustBeAnInstant_aVersionIsPerTable() {
        assertThat(WarehouseParameters.instant(null)).isNull();
        assertThatThrownBy(() -> WarehouseParameters.instant("3")).isInstanceOfSatisfying(InvalidQueryParameter.class,
                e -> assertThat(e.parameter()).isEqualTo("asOf"));
    }
}
