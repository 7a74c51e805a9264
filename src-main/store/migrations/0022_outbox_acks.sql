CREATE TABLE `outbox_acks` (
	`to_seq` integer PRIMARY KEY NOT NULL,
	`acked_at` text NOT NULL
);
