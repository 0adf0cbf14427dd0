package io.seamline.http;

import io.seamline.domain.NotFound;
import io.seamline.domain.RuleViolation;
import io.seamline.projection.warehouse.InvalidQueryParameter;
import io.seamline.projection.warehouse.table.TableVersionNotFound;
import io.smallrye.graphql.api.ErrorExtensionProvider;
import jakarta.json.Json;
import jakarta.json.JsonValue;

/**
 * A refused GraphQL field names its rule in {@code extensions.rule}, the same name REST's problem carries, so a
 * client switches on one vocabulary whichever way it calls (registered in META-INF/services).
 */
public class GraphQLRuleExtension implements ErrorExtensionProvider {

    @Override
    public String getKey() {
        return "rule";
    }

    @Override
    public JsonValue mapValueFrom(Throwable exception) {
        if (exception instanceof RuleViolation violation) {
            return Json.createValue(violation.rule());
        }
        if (exception instanceof InvalidQueryParameter) {
            return Json.createValue("invalid-parameter"); // as ProblemMappers names it for REST
        }
        if (exception instanceof TableVersionNotFound) {
            return Json.createValue("version-not-found");
        }
        if (exception instanceof NotFound) {
            return Json.createValue("not-found");
        }
        if (exception instanceof AccessRefused.Unauthenticated) {
            return Json.createValue("credentials-required");
        }
        if (exception instanceof AccessRefused.Forbidden) {
            return Json.createValue("role-required");
        }
        return null; // not a refusal: no rule
    }
}
