-- A MariaDB/MySQL database as a fresh kopano-server 11.0.2 leaves it: its 25 tables, their initial rows and
-- the versions rows. Loaded by MariaDbTestDatabase into an empty database for every MariaDB test.
--
-- Source: github.com/Kopano-dev/kopano-core at 76cf85b895b5fdfada7be422f4a341950ea469bf (the 11.0.2 line),
--   provider/libserver/ECDBDef.h            the Z_TABLEDEF_* statements (varchar(185), utf8mb4) and Z_TABLEDATA_* rows
--   provider/libserver/ECDatabaseMySQL.cpp  kcsrv_tables (which tables, in this order) and CreateDatabase (which rows)
--   provider/libserver/ECDatabaseUpdate.cpp InsertServerGUID (the server_guid setting)
-- and docs/kopano.md ("DB-plugin tables", "Server tables", "Confirmed with kopano-server 11.0.2") (what a real 11.0.2 server created on MariaDB 10.11).
--
-- The statements are the text of KC with ENGINE=%s filled in as InnoDB (the mysql_engine default) and
-- whitespace tidied. No COLLATE clause, as KC gives none: text columns get the default collation of utf8mb4
-- (utf8mb4_general_ci), BINARY ones utf8mb4_bin, and stores.user_name is utf8 (utf8mb3).
-- clientupdatestatus is not created: 11.0.2 dropped it (reference section 10 lists the 25 tables).
--
-- Rules for this file (MySqlScript runs it): one statement per table or insert, each ending in a semicolon,
-- no semicolons or quotes inside comments, no DELIMITER.

CREATE TABLE `acl` (
  `id` int(11) NOT NULL default '0',
  `hierarchy_id` int(11) unsigned NOT NULL default '0',
  `type` tinyint(4) unsigned NOT NULL default '0',
  `rights` int(11) unsigned NOT NULL default '0',
  PRIMARY KEY  (`hierarchy_id`,`id`,`type`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE `hierarchy` (
  `id` int(11) unsigned NOT NULL auto_increment,
  `parent` int(11) unsigned default '0',
  `type` tinyint(4) unsigned NOT NULL default '0',
  `flags` smallint(6) unsigned NOT NULL default '0',
  `owner` int(11) unsigned NOT NULL default '0',
  PRIMARY KEY  (`id`),
  KEY `parenttypeflags` (`parent`, `type`, `flags`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE `names` (
  `id` int(11) NOT NULL auto_increment,
  `nameid` int(11) default NULL,
  `namestring` varchar(185) BINARY DEFAULT NULL,
  `guid` binary(16) NOT NULL,
  PRIMARY KEY  (`id`),
  KEY `nameid` (`nameid`),
  KEY `namestring` (`namestring`),
  UNIQUE KEY `gni` (`guid`,`nameid`),
  UNIQUE KEY `gns` (`guid`,`namestring`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE `mvproperties` (
  `hierarchyid` int(11) unsigned NOT NULL default '0',
  `orderid` smallint(6) unsigned NOT NULL default '0',
  `tag` smallint(6) unsigned NOT NULL default '0',
  `type` smallint(6) unsigned NOT NULL default '0',
  `val_ulong` int(11) unsigned default NULL,
  `val_string` longtext,
  `val_binary` longblob,
  `val_double` double default NULL,
  `val_longint` bigint(20) default NULL,
  `val_hi` int(11) default NULL,
  `val_lo` int(11) unsigned default NULL,
  PRIMARY KEY (`hierarchyid`, `tag`, `type`, `orderid`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE `tproperties` (
  `folderid` int(11) unsigned NOT NULL default '0',
  `hierarchyid` int(11) unsigned NOT NULL default '0',
  `tag` smallint(6) unsigned NOT NULL default '0',
  `type` smallint(6) unsigned NOT NULL,
  `val_ulong` int(11) unsigned default NULL,
  `val_string` longtext,
  `val_binary` longblob,
  `val_double` double default NULL,
  `val_longint` bigint(20) default NULL,
  `val_hi` int(11) default NULL,
  `val_lo` int(11) unsigned default NULL,
  PRIMARY KEY `ht` (`folderid`,`tag`,`hierarchyid`,`type`),
  KEY `hi` (`hierarchyid`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE `properties` (
  `hierarchyid` int(11) unsigned NOT NULL default '0',
  `tag` smallint(6) unsigned NOT NULL default '0',
  `type` smallint(6) unsigned NOT NULL,
  `val_ulong` int(11) unsigned default NULL,
  `val_string` longtext,
  `val_binary` longblob,
  `val_double` double default NULL,
  `val_longint` bigint(20) default NULL,
  `val_hi` int(11) default NULL,
  `val_lo` int(11) unsigned default NULL,
  `comp` bool default false,
  PRIMARY KEY `ht` (`hierarchyid`,`tag`,`type`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

-- Z_TABLEDEF_DELAYEDUPDATE (listed as delayedupdate in kcsrv_tables) creates the table deferredupdate.
CREATE TABLE `deferredupdate` (
  `hierarchyid` int(11) unsigned NOT NULL,
  `folderid` int(11) unsigned NOT NULL,
  `srcfolderid` int(11) unsigned,
  PRIMARY KEY(`hierarchyid`),
  KEY `folderid` (`folderid`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE `receivefolder` (
  `id` int(11) unsigned NOT NULL auto_increment,
  `storeid` int(11) unsigned NOT NULL default '0',
  `objid` int(11) unsigned NOT NULL default '0',
  `messageclass` varchar(185) NOT NULL DEFAULT '',
  PRIMARY KEY  (`id`),
  UNIQUE KEY `storeid` (`storeid`,`messageclass`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE `stores` (
  `id` int(11) unsigned NOT NULL auto_increment,
  `hierarchy_id` int(11) unsigned NOT NULL default '0',
  `user_id` int(11) unsigned NOT NULL default '0',
  `type` smallint(6) unsigned NOT NULL default '0',
  `user_name` varchar(255) CHARACTER SET utf8 NOT NULL default '',
  `company` int(11) unsigned NOT NULL default '0',
  `guid` blob NOT NULL,
  PRIMARY KEY  (`user_id`, `hierarchy_id`, `type`),
  UNIQUE KEY `id` (`id`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE `users` (
  `id` int(11) unsigned NOT NULL auto_increment,
  `externid` blob,
  `objectclass` int(11) NOT NULL default '0',
  `signature` varbinary(255) NOT NULL default '0',
  `company` int(11) unsigned NOT NULL default '0',
  PRIMARY KEY  (`id`),
  UNIQUE KEY externid (`externid`(255), `objectclass`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE `outgoingqueue` (
  `store_id` int(11) unsigned NOT NULL default '0',
  `hierarchy_id` int(11) unsigned NOT NULL default '0',
  `flags` tinyint(4) unsigned NOT NULL default '0',
  PRIMARY KEY (`hierarchy_id`,`flags`,`store_id`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE `lob` (
  `instanceid` int(11) unsigned NOT NULL,
  `chunkid` smallint(6) unsigned NOT NULL,
  `tag` smallint(6) unsigned NOT NULL,
  `val_binary` longblob,
  PRIMARY KEY (`instanceid`,`tag`,`chunkid`)
) ENGINE=InnoDB MAX_ROWS=1000000000 AVG_ROW_LENGTH=1750 CHARACTER SET utf8mb4;

CREATE TABLE searchresults (
  `folderid` int(11) unsigned NOT NULL default '0',
  `hierarchyid` int(11) unsigned NOT NULL default '0',
  `flags` int(11) unsigned NOT NULL default '0',
  PRIMARY KEY (`folderid`, `hierarchyid`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE `changes` (
  `id` INT(11) UNSIGNED NOT NULL AUTO_INCREMENT,
  `sourcekey` VARBINARY(64) NOT NULL,
  `parentsourcekey` VARBINARY(64) NOT NULL,
  `change_type` INT(11) UNSIGNED NOT NULL DEFAULT '0',
  `flags` INT(11) UNSIGNED DEFAULT NULL,
  `sourcesync` INT(11) UNSIGNED DEFAULT NULL,
  PRIMARY KEY (`parentsourcekey`,`sourcekey`,`change_type`),
  UNIQUE KEY `changeid` (`id`),
  UNIQUE KEY `state` (`parentsourcekey`,`id`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE `syncs` (
  `id` INT(11) UNSIGNED NOT NULL AUTO_INCREMENT,
  `sourcekey` VARBINARY(64) NOT NULL,
  `change_id` INT(11) UNSIGNED NOT NULL,
  `sync_type` INT(11) UNSIGNED NULL,
  `sync_time` DATETIME NOT NULL,
  PRIMARY KEY(`id`),
  KEY `foldersync` (`sourcekey`,`sync_type`),
  KEY `changes` (`change_id`),
  KEY `sync_time` (`sync_time`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE versions (
  `major` int(11) unsigned NOT NULL default '0',
  `minor` int(11) unsigned NOT NULL default '0',
  `micro` int(11) unsigned not null default 0,
  `revision` int(11) unsigned NOT NULL default '0',
  `databaserevision` int(11) unsigned NOT NULL default '0',
  `updatetime` datetime NOT NULL,
  PRIMARY KEY  (`major`, `minor`, `micro`, `revision`, `databaserevision`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE indexedproperties (
  `hierarchyid` int(11) unsigned NOT NULL default '0',
  `tag` smallint(6) unsigned NOT NULL default '0',
  `val_binary` varbinary(255),
  PRIMARY KEY (`hierarchyid`, `tag`),
  UNIQUE KEY `bin` (`tag`, `val_binary`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE settings (
  `name` varchar(185) BINARY NOT NULL,
  `value` blob NOT NULL,
  PRIMARY KEY  (`name`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE object (
  `id` int(11) unsigned NOT NULL auto_increment,
  `externid` blob,
  `objectclass` int(11) unsigned NOT NULL default '0',
  PRIMARY KEY (`id`, `objectclass`),
  UNIQUE KEY id (`id`),
  UNIQUE KEY externid (`externid`(255), `objectclass`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE objectproperty (
  `objectid` int(11) unsigned NOT NULL default '0',
  `propname` varchar(185) BINARY NOT NULL,
  `value` text,
  PRIMARY KEY  (`objectid`, `propname`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE objectmvproperty (
  `objectid` int(11) unsigned NOT NULL default '0',
  `propname` varchar(185) BINARY NOT NULL,
  `orderid` tinyint(11) unsigned NOT NULL default '0',
  `value` text,
  PRIMARY KEY (`objectid`, `orderid`, `propname`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE objectrelation (
  `objectid` int(11) unsigned NOT NULL default '0',
  `parentobjectid` int(11) unsigned NOT NULL default '0',
  `relationtype` tinyint(11) unsigned NOT NULL,
  PRIMARY KEY  (`objectid`, `parentobjectid`, `relationtype`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

-- Z_TABLEDEF_REFERENCES creates the table singleinstances.
CREATE TABLE `singleinstances` (
  `instanceid` int(11) unsigned NOT NULL auto_increment,
  `hierarchyid` int(11) unsigned NOT NULL default '0',
  `tag` smallint(6) unsigned NOT NULL default '0',
  `filename` varchar(255) DEFAULT NULL,
  PRIMARY KEY (`instanceid`, `hierarchyid`, `tag`),
  UNIQUE KEY `hkey` (`hierarchyid`, `tag`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE `abchanges` (
  `id` INT(11) UNSIGNED NOT NULL AUTO_INCREMENT,
  `sourcekey` VARBINARY(255) NOT NULL,
  `parentsourcekey` VARBINARY(255) NOT NULL,
  `change_type` INT(11) UNSIGNED NOT NULL DEFAULT '0',
  PRIMARY KEY (`parentsourcekey`,`change_type`,`sourcekey`),
  UNIQUE KEY `changeid` (`id`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

CREATE TABLE `syncedmessages` (
  `sync_id` int(11) unsigned NOT NULL,
  `change_id` int(11) unsigned NOT NULL,
  `sourcekey` varbinary(64) NOT NULL,
  `parentsourcekey` varbinary(64) NOT NULL,
  PRIMARY KEY  (`sync_id`,`change_id`,`sourcekey`),
  KEY `sync_state` (`sync_id`,`change_id`)
) ENGINE=InnoDB CHARACTER SET utf8mb4;

-- Initial rows, in the order of ECDatabase::CreateDatabase.
-- users: 1 = KOPANO_UID_EVERYONE (0x30002 DISTLIST_SECURITY), 2 = KOPANO_UID_SYSTEM (0x10001 ACTIVE_USER).
INSERT INTO `users` (`id`, `externid`, `objectclass`, `signature`, `company`) VALUES
  (1, NULL, 0x30002, '', 0),
  (2, NULL, 0x10001, '', 0);

INSERT INTO `stores` VALUES (1, 1, 2, 0, 'SYSTEM', 0, 0x8962ffeffb7b4d639bc5967c4bb58234);

INSERT INTO `hierarchy` VALUES
  (1, NULL, 1, 0, 2),
  (2, 1, 3, 0, 2);

INSERT INTO `properties` VALUES
  (1, 12289, 30, NULL, 'Admin store', NULL, NULL, NULL, NULL, NULL, false),
  (2, 12289, 30, NULL, 'root Admin store', NULL, NULL, NULL, NULL, NULL, false);

INSERT INTO `acl` VALUES (2, 2, 2, 1531),
  (2, 1, 2, 1531),
  (1, 1, 2, 1531),
  (1, 2, 2, 1531);

INSERT INTO `settings` VALUES ('source_key_auto_increment' , CHAR(0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00)),
  ('imapseq', '3'), ('charset', 'utf8mb4');

INSERT INTO `indexedproperties` VALUES (1, 4095, 0x000000008962ffeffb7b4d639bc5967c4bb5823400000000010000000100000000000000),
  (2, 4095, 0x000000008962ffeffb7b4d639bc5967c4bb5823400000000030000000200000000000000);

-- InsertServerGUID: 16 random bytes per installation (KC uses CoCreateGuid).
INSERT INTO `settings` VALUES ('server_guid', UNHEX(REPLACE(UUID(), '-', '')));

-- A fresh 11.0.2 database also holds attachment_storage (reference section 10), which kopano-server records
-- at start-up from its server.cfg setting of that name. Here the default of that setting, files.
INSERT INTO `settings` VALUES ('attachment_storage', 'files');

-- versions: the two rows a fresh 11.0.2 database held (reference section 10). KC writes them with
-- UpdateDatabaseVersion, once for Z_UPDATE_RELEASE_ID on creation and once more from UpdateDatabase at start-up
-- (schema 118 both times). updatetime is FROM_UNIXTIME of the moment, fixed here.
INSERT INTO versions (major, minor, micro, revision, databaserevision, updatetime) VALUES
  (11, 0, 0, '0', 118, '2026-12-05 12:00:00'),
  (11, 0, 2, '0', 118, '2026-12-05 12:00:05');
