-- Migration 004: t_devices.d_timeoffset is the BUSINESS-DAY offset again (0–8 hours: the
-- business day runs from that hour to the same hour the next day), as the original site
-- used it (chosen as "+0"…"+8" on the object's settings). An interim version of this site
-- stored a phone time-zone offset (−12…14) in it; such values mean nothing as a business-day
-- offset and are reset to 0. Production values (0–8) are kept.
--
-- The report catalogue (t_reports) needs no change: the original page names (dayturnover.php,
-- …) exist on this site and open the viewer's reports, so production rows, global and
-- object-specific, keep working as they are.
--
-- Safe to run again (the UPDATE only touches out-of-range values; INSERT IGNORE).

SET NAMES utf8mb4;

UPDATE t_devices SET d_timeoffset = 0 WHERE d_timeoffset < 0 OR d_timeoffset > 8;

INSERT IGNORE INTO t_schema_version (sv_version, sv_description)
VALUES (4, 'd_timeoffset = business-day offset 0-8');
