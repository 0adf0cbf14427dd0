package io.seamline.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Category paths compared and rolled up by whole levels. */
class CategoryPathTest {

    @Test
    void upTo_keepsTheFirstLevelsAsWritten_trimmed() {
        assertEquals("Home & Kitchen > Kettles", CategoryPath.upTo(" Home & Kitchen>Kettles > Electric ", 2));
        assertEquals("Home & Kitchen", CategoryPath.upTo("Home & Kitchen > Kettles", 1));
        assertEquals("Home & Kitchen > Kettles", CategoryPath.upTo("Home & Kitchen > Kettles", 5));
        assertNull(CategoryPath.upTo(" > ", 1));
        assertNull(CategoryPath.upTo(null, 1));
        assertEquals(CategoryPath.top("A > B"), CategoryPath.upTo("A > B", 1));
    }

    @Test
    void within_matchesWholeLevelsIgnoringCase() {
        String prefix = CategoryPath.normalise("home & kitchen>KETTLES");
        assertTrue(CategoryPath.within("Home & Kitchen > Kettles", prefix));
        assertTrue(CategoryPath.within("Home & Kitchen > Kettles > Electric", prefix));
        assertFalse(CategoryPath.within("Home & Kitchen > Kettle", prefix));
        assertFalse(CategoryPath.within("Home & Kitchen > Kettles2", prefix));
        assertFalse(CategoryPath.within(null, prefix));
    }
}
