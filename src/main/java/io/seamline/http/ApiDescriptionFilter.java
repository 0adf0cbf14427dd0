package io.seamline.http;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Completes every operation of the API description the same way rather than annotating each method: its roles as an
 * {@code x-roles} extension and a line of its description (from the security requirement @RolesAllowed gives it), and
 * the problem responses every call can give (400 bad input, 401 no or bad token, 403 a role missing, 404 for a path
 * naming something, 429 for SQL's busy slots, 500 unexpected) as {@code application/problem+json} {@link Problem}s.
 */
public class ApiDescriptionFilter implements OASFilter {

    private static final String PROBLEM_SCHEMA = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM_SCHEMA;

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(PROBLEM_SCHEMA, problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, operation) -> describe(path, method, operation)));
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        Set<String> roles = roles(operation);
        operation.addExtension("x-roles", new ArrayList<>(roles));
        String who = roles.isEmpty() ? "Open to anyone." : "Roles: " + String.join(", ", roles) + ".";
        String description = operation.getDescription();
        if (description == null || !description.contains(who)) {
            operation.setDescription(description == null || description.isBlank() ? who : description + "\n\n" + who);
        }
        Map<String, String> problems = new LinkedHashMap<>();
        boolean takesInput = operation.getRequestBody() != null || (operation.getParameters() != null
                && !operation.getParameters().isEmpty());
        if (takesInput || method != PathItem.HttpMethod.GET) {
            problems.put("400", "Bad input: the problem names the rule broken and the field");
        }
        if (!roles.isEmpty()) {
            problems.put("401", "No bearer token, or one that is not valid");
            problems.put("403", "The token lacks every role this call admits");
        }
        if (path.contains("{") || hasPathParameter(operation)) {
            problems.put("404", "Nothing by that name or id");
        }
        if (path.endsWith("/sql")) {
            problems.put("429", "Every SQL slot is taken: retry after the Retry-After seconds");
        }
        problems.put("500", "An unexpected failure; its instance id is in the log too");
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        problems.forEach((status, text) -> {
            APIResponse response = operation.getResponses().getAPIResponse(status);
            if (response == null) {
                response = OASFactory.createAPIResponse().description(text);
                operation.getResponses().addAPIResponse(status, response);
            }
            if (response.getContent() == null) {
                response.setContent(OASFactory.createContent());
            }
            if (response.getContent().getMediaType(Problem.MEDIA_TYPE) == null) {
                response.getContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
            }
        });
    }

    private static boolean hasPathParameter(Operation operation) {
        List<Parameter> parameters = operation.getParameters();
        return parameters != null && parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH);
    }

    /** The roles of the operation's security requirements: the scopes @RolesAllowed puts there. */
    private static Set<String> roles(Operation operation) {
        Set<String> roles = new LinkedHashSet<>();
        if (operation.getSecurity() != null) {
            for (SecurityRequirement requirement : operation.getSecurity()) {
                requirement.getSchemes().values().forEach(scopes -> {
                    if (scopes != null) {
                        roles.addAll(scopes);
                    }
                });
            }
        }
        return roles;
    }

    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("An RFC 9457 problem detail with the broken rule's name and the offending field")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("A URI ending in the rule's name"))
                .addProperty("title", text)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("What was wrong and what would be accepted"))
                .addProperty("rule", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("The rule broken, e.g. invalid-parameter, unknown-parameter, out-of-range"))
                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("The parameter or body field at fault"))
                .addProperty("instance", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .required(List.of("type", "status", "detail", "rule"));
    }
}
