import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoDatabase;
import io.monarch.junit.MonarchTest;
import io.monarch.junit.TestEnvironment;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@MonarchTest    // an in-memory MongoDB, the project's migrations applied to a database of this class's own
public class UsersTest {
    @Test
    void emailsAreUnique(MongoDatabase db) {
        db.getCollection("users").insertOne(new Document("email", "ada@example.com"));
        assertThrows(MongoWriteException.class,
                () -> db.getCollection("users").insertOne(new Document("email", "ada@example.com")));
    }

    @Test
    void activeUsersTakesTheActiveOnesAndMasksTheirEmails(TestEnvironment env) {
        env.source().getCollection("users").insertMany(List.of(     // a second database, as production looks
                new Document("email", "bob@example.com").append("active", true),
                new Document("email", "eve@example.com").append("active", false)));
        env.copy("ActiveUsers");                                   // copy_db -q ActiveUsers, into this class's database
        List<Document> users = env.database().getCollection("users").find().into(new java.util.ArrayList<>());
        assertEquals(1, users.size());
        assertNotEquals("bob@example.com", users.get(0).getString("email"));
    }
}
