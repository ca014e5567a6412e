import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.monarch.api.Migration;
import io.monarch.api.MigrationContext;

public class M20260101000000_CreateUsers extends Migration {
    @Override
    public void run(MigrationContext context) {
        context.database().getCollection("users").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
    }
}
