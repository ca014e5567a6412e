import com.mongodb.client.model.Filters;
import io.monarch.api.Masks;
import io.monarch.api.QuerySet;
import io.monarch.api.QuerySetContext;

public class ActiveUsers extends QuerySet {
    @Override
    public String description() {
        return "the active users, emails masked";
    }

    @Override
    public void run(QuerySetContext context) {
        context.dumpCollection("users", Filters.eq("active", true));
        context.mask("users", "email", Masks.email());
        context.skipOthers();
    }
}
