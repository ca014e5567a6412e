package io.monarch.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plan as a reviewer reads it: steps grouped under their collection, then what is not declared, then notes. */
final class PlanText {
    private PlanText() {
    }

    static String render(SchemaPlan plan) {
        StringBuilder out = new StringBuilder();
        if (!plan.hasChanges()) {
            out.append(plan.database()).append(" matches the schema files: nothing to change\n");
        } else {
            Map<String, List<PlanStep>> byCollection = new LinkedHashMap<>();
            for (PlanStep step : plan.steps()) {
                byCollection.computeIfAbsent(step.collection(), c -> new ArrayList<>()).add(step);
            }
            for (Map.Entry<String, List<PlanStep>> group : byCollection.entrySet()) {
                out.append(group.getKey()).append('\n');
                for (PlanStep step : group.getValue()) {
                    out.append("  ").append(step.symbol()).append(' ').append(step.title()).append('\n');
                    for (String detail : step.details()) {
                        out.append("      ").append(detail).append('\n');
                    }
                }
            }
            int n = plan.steps().size();
            out.append(n).append(n == 1 ? " change" : " changes").append(" to ").append(plan.database()).append('\n');
        }
        if (!plan.notDeclared().isEmpty()) {
            out.append("not declared in the schema files (kept; pruning drops them):\n");
            for (NotDeclared item : plan.notDeclared()) {
                out.append("  ? ").append(item.describe()).append('\n');
            }
        }
        for (String note : plan.notes()) {
            out.append("note: ").append(note).append('\n');
        }
        return out.toString();
    }
}
