CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);

CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "SupplierId" TEXT NULL,
    "DisplayName" TEXT NOT NULL,
    "ApiTokenHash" TEXT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);

CREATE TABLE "Counters" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_Counters" PRIMARY KEY,
    "Value" INTEGER NOT NULL
);

CREATE TABLE "EnrolmentDocuments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_EnrolmentDocuments" PRIMARY KEY,
    "EnrolmentId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "StoragePath" TEXT NOT NULL,
    "UploadedAt" TEXT NOT NULL
);

CREATE TABLE "FinancingRequests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_FinancingRequests" PRIMARY KEY,
    "SupplierId" TEXT NOT NULL,
    "EnrolmentId" TEXT NULL,
    "ImportId" TEXT NULL,
    "NumeroDossier" TEXT NOT NULL,
    "NumeroAsp" TEXT NOT NULL,
    "NumeroEditeur" TEXT NOT NULL,
    "Type" TEXT NOT NULL,
    "NumeroAns" TEXT NOT NULL,
    "Siret" TEXT NOT NULL,
    "Denomination" TEXT NOT NULL,
    "TypeLogiciel" TEXT NOT NULL,
    "Couloir" TEXT NOT NULL,
    "RegimeTva" TEXT NOT NULL,
    "DateCommande" TEXT NOT NULL,
    "MontantSegurHTDeclare" TEXT NOT NULL,
    "MontantFactureHT" TEXT NULL,
    "MontantAvanceVerse" TEXT NULL,
    "MontantRetenuHT" TEXT NULL,
    "MontantRetenuTTC" TEXT NULL,
    "MontantDecide" TEXT NULL,
    "EmailContact" TEXT NOT NULL,
    "LineJson" TEXT NULL,
    "CurrentVersion" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "DeletedAt" TEXT NULL,
    "Status" TEXT NOT NULL,
    "StatusLabel" TEXT NOT NULL
);

CREATE TABLE "FinancingRequestVersions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_FinancingRequestVersions" PRIMARY KEY AUTOINCREMENT,
    "RequestId" TEXT NOT NULL,
    "Number" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "Snapshot" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL
);

CREATE TABLE "Imports" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Imports" PRIMARY KEY,
    "Number" INTEGER NOT NULL,
    "SupplierId" TEXT NOT NULL,
    "ImportedAt" TEXT NOT NULL,
    "NumeroAns" TEXT NOT NULL,
    "Type" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "LineCount" INTEGER NOT NULL,
    "Retained" INTEGER NOT NULL,
    "Rejected" INTEGER NOT NULL,
    "FileHash" TEXT NOT NULL,
    "ReturnedJson" TEXT NOT NULL,
    "ImportedBy" TEXT NOT NULL
);

CREATE TABLE "OutboxMessages" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OutboxMessages" PRIMARY KEY,
    "Type" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "DispatchedAt" TEXT NULL,
    "Attempts" INTEGER NOT NULL,
    "LockedUntil" TEXT NULL,
    "LockedBy" TEXT NULL,
    "LastError" TEXT NULL
);

CREATE TABLE "Payments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Payments" PRIMARY KEY,
    "RequestId" TEXT NOT NULL,
    "NumeroAsp" TEXT NOT NULL,
    "Type" TEXT NOT NULL,
    "MontantDecide" TEXT NOT NULL,
    "DateValidation" TEXT NOT NULL,
    "DateMiseEnPaiement" TEXT NULL,
    "MontantPaye" TEXT NULL,
    "DatePaiement" TEXT NULL,
    "EmailContact" TEXT NOT NULL,
    "Etat" TEXT NOT NULL,
    "EtatLabel" TEXT NOT NULL
);

CREATE TABLE "ProcessedMessages" (
    "Consumer" TEXT NOT NULL,
    "MessageId" TEXT NOT NULL,
    "ProcessedAt" TEXT NOT NULL,
    CONSTRAINT "PK_ProcessedMessages" PRIMARY KEY ("Consumer", "MessageId")
);

CREATE TABLE "RequestDocuments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RequestDocuments" PRIMARY KEY,
    "RequestId" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "StoragePath" TEXT NOT NULL,
    "TypeFichier" TEXT NULL,
    "UploadedAt" TEXT NOT NULL,
    "UploadedBy" TEXT NOT NULL
);

CREATE TABLE "StaffTasks" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_StaffTasks" PRIMARY KEY,
    "InstanceId" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Code" TEXT NOT NULL,
    "Label" TEXT NOT NULL,
    "Roles" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "DueAt" TEXT NULL,
    "ClaimedBy" TEXT NULL,
    "Status" TEXT NOT NULL,
    "Outcome" TEXT NULL,
    "CompletedBy" TEXT NULL,
    "CompletedAt" TEXT NULL
);

CREATE TABLE "Suppliers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Suppliers" PRIMARY KEY,
    "Siret" TEXT NOT NULL,
    "Denomination" TEXT NOT NULL,
    "Address" TEXT NOT NULL,
    "ContactEmail" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL
);

CREATE TABLE "WorkflowDefinitions" (
    "DefinitionId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Status" TEXT NOT NULL,
    "Origin" TEXT NOT NULL,
    "Json" TEXT NOT NULL,
    "SourceHash" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NULL,
    "PublishedAt" TEXT NULL,
    "PublishedBy" TEXT NULL,
    CONSTRAINT "PK_WorkflowDefinitions" PRIMARY KEY ("DefinitionId", "Version")
);

CREATE TABLE "WorkflowIncidents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_WorkflowIncidents" PRIMARY KEY,
    "InstanceId" TEXT NOT NULL,
    "Trigger" TEXT NOT NULL,
    "ActorId" TEXT NOT NULL,
    "ActorRoles" TEXT NOT NULL,
    "ActorSupplierId" TEXT NULL,
    "Input" TEXT NULL,
    "State" TEXT NOT NULL,
    "Message" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "ResolvedAt" TEXT NULL
);

CREATE TABLE "WorkflowInstances" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_WorkflowInstances" PRIMARY KEY,
    "DefinitionId" TEXT NOT NULL,
    "DefinitionVersion" INTEGER NOT NULL,
    "SubjectType" TEXT NOT NULL,
    "SubjectId" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL
);

CREATE TABLE "WorkflowJournal" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_WorkflowJournal" PRIMARY KEY AUTOINCREMENT,
    "InstanceId" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    "ActorId" TEXT NOT NULL,
    "Trigger" TEXT NOT NULL,
    "FromState" TEXT NULL,
    "ToState" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Details" TEXT NULL
);

CREATE TABLE "WorkflowTimers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_WorkflowTimers" PRIMARY KEY,
    "InstanceId" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Trigger" TEXT NOT NULL,
    "DueAt" TEXT NOT NULL
);

CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Enrolments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Enrolments" PRIMARY KEY,
    "SupplierId" TEXT NOT NULL,
    "NumeroAns" TEXT NOT NULL,
    "TypeEnrolement" TEXT NOT NULL,
    "TypeLogiciel" TEXT NOT NULL,
    "Couloir" TEXT NOT NULL,
    "Vague" INTEGER NOT NULL,
    "ReferencingDate" TEXT NOT NULL,
    "Profiles" TEXT NOT NULL,
    "EmailDeposant" TEXT NOT NULL,
    "EmailRepresentantLegal" TEXT NOT NULL,
    "RepresentantLegal_Nom" TEXT NULL,
    "RepresentantLegal_Prenom" TEXT NULL,
    "RepresentantLegal_Email" TEXT NULL,
    "RepresentantLegal_Telephone" TEXT NULL,
    "Deposant_Nom" TEXT NULL,
    "Deposant_Prenom" TEXT NULL,
    "Deposant_Email" TEXT NULL,
    "Deposant_Telephone" TEXT NULL,
    "Banque_Titulaire" TEXT NULL,
    "Banque_Iban" TEXT NULL,
    "Banque_Bic" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "StatusLabel" TEXT NOT NULL,
    CONSTRAINT "FK_Enrolments_Suppliers_SupplierId" FOREIGN KEY ("SupplierId") REFERENCES "Suppliers" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");

CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");

CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");

CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");

CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");

CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

CREATE INDEX "IX_AspNetUsers_ApiTokenHash" ON "AspNetUsers" ("ApiTokenHash");

CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");

CREATE INDEX "IX_EnrolmentDocuments_EnrolmentId" ON "EnrolmentDocuments" ("EnrolmentId");

CREATE UNIQUE INDEX "IX_Enrolments_NumeroAns" ON "Enrolments" ("NumeroAns");

CREATE INDEX "IX_Enrolments_SupplierId_Status" ON "Enrolments" ("SupplierId", "Status");

CREATE INDEX "IX_FinancingRequests_ImportId" ON "FinancingRequests" ("ImportId");

CREATE UNIQUE INDEX "IX_FinancingRequests_NumeroAsp" ON "FinancingRequests" ("NumeroAsp");

CREATE INDEX "IX_FinancingRequests_NumeroDossier" ON "FinancingRequests" ("NumeroDossier");

CREATE UNIQUE INDEX "IX_FinancingRequests_SupplierId_NumeroEditeur" ON "FinancingRequests" ("SupplierId", "NumeroEditeur");

CREATE INDEX "IX_FinancingRequests_SupplierId_Status" ON "FinancingRequests" ("SupplierId", "Status");

CREATE UNIQUE INDEX "IX_FinancingRequestVersions_RequestId_Number" ON "FinancingRequestVersions" ("RequestId", "Number");

CREATE UNIQUE INDEX "IX_Imports_Number" ON "Imports" ("Number");

CREATE INDEX "IX_Imports_SupplierId_FileHash" ON "Imports" ("SupplierId", "FileHash");

CREATE INDEX "IX_Imports_SupplierId_ImportedAt" ON "Imports" ("SupplierId", "ImportedAt");

CREATE INDEX "IX_OutboxMessages_DispatchedAt_CreatedAt" ON "OutboxMessages" ("DispatchedAt", "CreatedAt");

CREATE INDEX "IX_Payments_RequestId" ON "Payments" ("RequestId");

CREATE INDEX "IX_RequestDocuments_RequestId" ON "RequestDocuments" ("RequestId");

CREATE INDEX "IX_StaffTasks_InstanceId" ON "StaffTasks" ("InstanceId");

CREATE INDEX "IX_StaffTasks_Status_DueAt" ON "StaffTasks" ("Status", "DueAt");

CREATE UNIQUE INDEX "IX_Suppliers_Siret" ON "Suppliers" ("Siret");

CREATE INDEX "IX_WorkflowIncidents_InstanceId" ON "WorkflowIncidents" ("InstanceId");

CREATE INDEX "IX_WorkflowIncidents_ResolvedAt_CreatedAt" ON "WorkflowIncidents" ("ResolvedAt", "CreatedAt");

CREATE INDEX "IX_WorkflowInstances_DefinitionId_DefinitionVersion_State" ON "WorkflowInstances" ("DefinitionId", "DefinitionVersion", "State");

CREATE UNIQUE INDEX "IX_WorkflowInstances_SubjectType_SubjectId_DefinitionId" ON "WorkflowInstances" ("SubjectType", "SubjectId", "DefinitionId");

CREATE INDEX "IX_WorkflowJournal_InstanceId_Id" ON "WorkflowJournal" ("InstanceId", "Id");

CREATE INDEX "IX_WorkflowTimers_DueAt" ON "WorkflowTimers" ("DueAt");

CREATE INDEX "IX_WorkflowTimers_InstanceId" ON "WorkflowTimers" ("InstanceId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261126165856_Initial', '10.0.15');

CREATE TABLE "FinancingBeneficiaries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_FinancingBeneficiaries" PRIMARY KEY AUTOINCREMENT,
    "RequestId" TEXT NOT NULL,
    "Couloir" TEXT NOT NULL,
    "TypeLogiciel" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Identifier" TEXT NOT NULL,
    CONSTRAINT "FK_FinancingBeneficiaries_FinancingRequests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "FinancingRequests" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_FinancingBeneficiaries_Couloir_TypeLogiciel_Identifier" ON "FinancingBeneficiaries" ("Couloir", "TypeLogiciel", "Identifier");

CREATE UNIQUE INDEX "IX_FinancingBeneficiaries_RequestId_Identifier" ON "FinancingBeneficiaries" ("RequestId", "Identifier");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261126232106_FinancingBeneficiaries', '10.0.15');

ALTER TABLE "WorkflowDefinitions" ADD "RestoredFrom" INTEGER NULL;

CREATE TABLE "WorkflowDefinitionDrafts" (
    "DefinitionId" TEXT NOT NULL CONSTRAINT "PK_WorkflowDefinitionDrafts" PRIMARY KEY,
    "Json" TEXT NOT NULL,
    "BasedOnVersion" INTEGER NULL,
    "Token" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL
);

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130230155_StudioDrafts', '10.0.15');

CREATE TABLE "BudgetEnvelopes" (
    "Code" TEXT NOT NULL CONSTRAINT "PK_BudgetEnvelopes" PRIMARY KEY,
    "EngagedCents" INTEGER NOT NULL
);

CREATE TABLE "EnvelopeEngagements" (
    "RequestId" TEXT NOT NULL CONSTRAINT "PK_EnvelopeEngagements" PRIMARY KEY,
    "EnvelopeCode" TEXT NOT NULL,
    "EnvelopeLabel" TEXT NOT NULL,
    "AmountCents" INTEGER NOT NULL,
    "EngagedAt" TEXT NOT NULL,
    "EngagedBy" TEXT NOT NULL
);

CREATE INDEX "IX_EnvelopeEngagements_EnvelopeCode" ON "EnvelopeEngagements" ("EnvelopeCode");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130230850_PaymentsBudgetEnvelopes', '10.0.15');

ALTER TABLE "OutboxMessages" ADD "DeadLetteredAt" TEXT NULL;

CREATE INDEX "IX_OutboxMessages_DeadLetteredAt" ON "OutboxMessages" ("DeadLetteredAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261130231525_RobustDeadLetters', '10.0.15');

ALTER TABLE "Payments" ADD "Banque_Bic" TEXT NULL;

ALTER TABLE "Payments" ADD "Banque_Iban" TEXT NULL;

ALTER TABLE "Payments" ADD "Banque_Titulaire" TEXT NULL;

CREATE TABLE "AccountChangeDocuments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AccountChangeDocuments" PRIMARY KEY,
    "ChangeId" TEXT NOT NULL,
    "SupplierId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "StoragePath" TEXT NOT NULL,
    "UploadedAt" TEXT NOT NULL
);

CREATE TABLE "BankDetailsChanges" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_BankDetailsChanges" PRIMARY KEY,
    "SupplierId" TEXT NOT NULL,
    "Titulaire" TEXT NOT NULL,
    "Iban" TEXT NOT NULL,
    "Bic" TEXT NOT NULL,
    "EmailContact" TEXT NOT NULL,
    "Denomination" TEXT NOT NULL,
    "Siret" TEXT NOT NULL,
    "SubmittedBy" TEXT NOT NULL,
    "SubmittedAt" TEXT NOT NULL,
    "ReviewedAt" TEXT NULL,
    "ReviewComment" TEXT NULL,
    "ReviewedBy" TEXT NULL,
    "Status" TEXT NOT NULL,
    "StatusLabel" TEXT NOT NULL
);

CREATE TABLE "DocumentTemplates" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_DocumentTemplates" PRIMARY KEY,
    "SupplierId" TEXT NOT NULL,
    "Nature" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "StoragePath" TEXT NOT NULL,
    "EmailContact" TEXT NOT NULL,
    "Denomination" TEXT NOT NULL,
    "UploadedBy" TEXT NOT NULL,
    "UploadedAt" TEXT NOT NULL,
    "ConfirmedAt" TEXT NULL,
    "ReviewedAt" TEXT NULL,
    "ReviewComment" TEXT NULL,
    "ReviewedBy" TEXT NULL,
    "Status" TEXT NOT NULL,
    "StatusLabel" TEXT NOT NULL
);

CREATE TABLE "PersonsChanges" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_PersonsChanges" PRIMARY KEY,
    "SupplierId" TEXT NOT NULL,
    "RepresentantLegal_Nom" TEXT NOT NULL,
    "RepresentantLegal_Prenom" TEXT NOT NULL,
    "RepresentantLegal_Email" TEXT NOT NULL,
    "RepresentantLegal_Telephone" TEXT NOT NULL,
    "Deposant_Nom" TEXT NOT NULL,
    "Deposant_Prenom" TEXT NOT NULL,
    "Deposant_Email" TEXT NOT NULL,
    "Deposant_Telephone" TEXT NOT NULL,
    "EmailContact" TEXT NOT NULL,
    "Denomination" TEXT NOT NULL,
    "Siret" TEXT NOT NULL,
    "SubmittedBy" TEXT NOT NULL,
    "SubmittedAt" TEXT NOT NULL,
    "ReviewedAt" TEXT NULL,
    "ReviewComment" TEXT NULL,
    "ReviewedBy" TEXT NULL,
    "Status" TEXT NOT NULL,
    "StatusLabel" TEXT NOT NULL
);

CREATE INDEX "IX_AccountChangeDocuments_ChangeId" ON "AccountChangeDocuments" ("ChangeId");

CREATE INDEX "IX_BankDetailsChanges_SupplierId_Status" ON "BankDetailsChanges" ("SupplierId", "Status");

CREATE INDEX "IX_DocumentTemplates_SupplierId_UploadedAt" ON "DocumentTemplates" ("SupplierId", "UploadedAt");

CREATE INDEX "IX_PersonsChanges_SupplierId_Status" ON "PersonsChanges" ("SupplierId", "Status");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201030513_Account', '10.0.15');

CREATE TABLE "NewsItems" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_NewsItems" PRIMARY KEY,
    "Title" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "Link" TEXT NULL,
    "LinkText" TEXT NULL,
    "StartsOn" TEXT NOT NULL,
    "EndsOn" TEXT NULL,
    "UnpublishedAt" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "UpdatedAt" TEXT NULL,
    "UpdatedBy" TEXT NULL
);

INSERT INTO "NewsItems" ("Id", "CreatedAt", "CreatedBy", "EndsOn", "Link", "LinkText", "StartsOn", "Text", "Title", "UnpublishedAt", "UpdatedAt", "UpdatedBy")
VALUES ('0193A1B2-0000-7000-8000-000000000001', '2026-12-01 00:00:00', 'Portail Ségur', NULL, '/imports/nouveau', 'Importer un fichier JSON', '2026-11-24', 'Le simulateur applique à votre fichier JSON exactement les contrôles de l''import, sans rien enregistrer : vérifiez vos lignes avant le dépôt réel.', 'Simulez vos imports avant de les déposer', NULL, NULL, NULL);
SELECT changes();

INSERT INTO "NewsItems" ("Id", "CreatedAt", "CreatedBy", "EndsOn", "Link", "LinkText", "StartsOn", "Text", "Title", "UnpublishedAt", "UpdatedAt", "UpdatedBy")
VALUES ('0193A1B2-0000-7000-8000-000000000002', '2026-12-01 00:00:00', 'Portail Ségur', NULL, '/demandes/incompletes', 'Voir mes demandes non complétées', '2026-11-11', 'Une demande importée sans ses pièces justificatives reste « non complétée » et n''est pas instruite. Elle est supprimée automatiquement {delaiExpiration} après l''import.', 'Demandes non complétées : {delaiExpiration} pour ajouter les pièces', NULL, NULL, NULL);
SELECT changes();

INSERT INTO "NewsItems" ("Id", "CreatedAt", "CreatedBy", "EndsOn", "Link", "LinkText", "StartsOn", "Text", "Title", "UnpublishedAt", "UpdatedAt", "UpdatedBy")
VALUES ('0193A1B2-0000-7000-8000-000000000003', '2026-12-01 00:00:00', 'Portail Ségur', NULL, NULL, NULL, '2026-10-20', 'Vous pouvez déposer en une fois les pièces de plusieurs demandes : chaque fichier du zip est rattaché à la demande dont il porte le numéro éditeur.', 'Dépôt groupé des pièces par fichier zip', NULL, NULL, NULL);
SELECT changes();

INSERT INTO "NewsItems" ("Id", "CreatedAt", "CreatedBy", "EndsOn", "Link", "LinkText", "StartsOn", "Text", "Title", "UnpublishedAt", "UpdatedAt", "UpdatedBy")
VALUES ('0193A1B2-0000-7000-8000-000000000004', '2026-12-01 00:00:00', 'Portail Ségur', NULL, '/demandes', 'Suivre mes demandes', '2026-09-30', 'Chaque demande affiche son état de paiement (aucun paiement en cours, paiement en cours, paiement effectué) et, une fois le paiement effectué, l''avis de paiement à télécharger.', 'Suivi des paiements', NULL, NULL, NULL);
SELECT changes();


CREATE INDEX "IX_NewsItems_StartsOn" ON "NewsItems" ("StartsOn");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201035136_PortalNews', '10.0.15');

CREATE INDEX "IX_Payments_EtatLabel_RequestId" ON "Payments" ("EtatLabel", "RequestId");

CREATE INDEX "IX_FinancingRequestVersions_Status_RequestId" ON "FinancingRequestVersions" ("Status", "RequestId");

CREATE INDEX "IX_FinancingRequests_Table_DateDepot" ON "FinancingRequests" ("SupplierId", "DeletedAt", "CreatedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "NumeroEditeur", "Id");

CREATE INDEX "IX_FinancingRequests_Table_Logiciel" ON "FinancingRequests" ("SupplierId", "DeletedAt", "TypeLogiciel", "NumeroAsp", "StatusLabel", "Type", "NumeroAns", "CreatedAt", "NumeroEditeur", "Id");

CREATE INDEX "IX_FinancingRequests_Table_MontantDecide" ON "FinancingRequests" ("SupplierId", "DeletedAt", CAST("MontantDecide" AS REAL), "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "Id");

CREATE INDEX "IX_FinancingRequests_Table_MontantDeclare" ON "FinancingRequests" ("SupplierId", "DeletedAt", CAST("MontantSegurHTDeclare" AS REAL), "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "Id");

CREATE INDEX "IX_FinancingRequests_Table_MontantRetenu" ON "FinancingRequests" ("SupplierId", "DeletedAt", CAST("MontantRetenuHT" AS REAL), "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "Id");

CREATE INDEX "IX_FinancingRequests_Table_NumeroAns" ON "FinancingRequests" ("SupplierId", "DeletedAt", "NumeroAns", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "NumeroEditeur", "Id");

CREATE INDEX "IX_FinancingRequests_Table_NumeroAsp" ON "FinancingRequests" ("SupplierId", "DeletedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "Id");

CREATE INDEX "IX_FinancingRequests_Table_NumeroEditeur" ON "FinancingRequests" ("SupplierId", "DeletedAt", "NumeroEditeur", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "Id");

CREATE INDEX "IX_FinancingRequests_Table_Statut" ON "FinancingRequests" ("SupplierId", "DeletedAt", "StatusLabel", "NumeroAsp", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "Id");

CREATE INDEX "IX_FinancingRequests_Table_Type" ON "FinancingRequests" ("SupplierId", "DeletedAt", "Type", "NumeroAsp", "StatusLabel", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "Id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201061704_TableIndexes', '10.0.15');

CREATE INDEX "IX_FinancingRequests_Staff_Count" ON "FinancingRequests" ("DeletedAt", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt");

CREATE INDEX "IX_FinancingRequests_Staff_DateDepot" ON "FinancingRequests" ("DeletedAt", "CreatedAt", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "Siret", "Denomination", "NumeroEditeur", "Id");

CREATE INDEX "IX_FinancingRequests_Staff_Fournisseur" ON "FinancingRequests" ("DeletedAt", "Denomination", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "Siret", "NumeroEditeur", "Id");

CREATE INDEX "IX_FinancingRequests_Staff_Numero" ON "FinancingRequests" ("DeletedAt", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "Id");

CREATE INDEX "IX_FinancingRequests_Staff_Statut" ON "FinancingRequests" ("DeletedAt", "StatusLabel", "NumeroAsp", "Status", "Type", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "Id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201101622_TablesStaffSearch', '10.0.15');

DROP INDEX "IX_FinancingRequests_Staff_Count";

DROP INDEX "IX_FinancingRequests_Staff_DateDepot";

DROP INDEX "IX_FinancingRequests_Staff_Fournisseur";

DROP INDEX "IX_FinancingRequests_Staff_Numero";

DROP INDEX "IX_FinancingRequests_Staff_Statut";

DROP INDEX "IX_FinancingRequests_Table_DateDepot";

DROP INDEX "IX_FinancingRequests_Table_Logiciel";

DROP INDEX "IX_FinancingRequests_Table_MontantDecide";

DROP INDEX "IX_FinancingRequests_Table_MontantDeclare";

DROP INDEX "IX_FinancingRequests_Table_MontantRetenu";

DROP INDEX "IX_FinancingRequests_Table_NumeroAns";

DROP INDEX "IX_FinancingRequests_Table_NumeroAsp";

DROP INDEX "IX_FinancingRequests_Table_NumeroEditeur";

DROP INDEX "IX_FinancingRequests_Table_Statut";

DROP INDEX "IX_FinancingRequests_Table_Type";

ALTER TABLE "FinancingRequests" ADD "HasArchivedVersion" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "FinancingRequests" ADD "HasPayment" INTEGER NOT NULL DEFAULT 0;

UPDATE "FinancingRequests" SET "HasArchivedVersion" = 1 WHERE "Id" IN (SELECT "RequestId" FROM "FinancingRequestVersions" WHERE "Status" = 'Historisée');

UPDATE "FinancingRequests" SET "HasPayment" = 1 WHERE "Id" IN (SELECT "RequestId" FROM "Payments");

CREATE INDEX "IX_FinancingRequests_Staff_Count" ON "FinancingRequests" ("DeletedAt", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "HasArchivedVersion", "HasPayment");

CREATE INDEX "IX_FinancingRequests_Staff_DateDepot" ON "FinancingRequests" ("DeletedAt", "CreatedAt", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id");

CREATE INDEX "IX_FinancingRequests_Staff_Fournisseur" ON "FinancingRequests" ("DeletedAt", "Denomination", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "Siret", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id");

CREATE INDEX "IX_FinancingRequests_Staff_Numero" ON "FinancingRequests" ("DeletedAt", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id");

CREATE INDEX "IX_FinancingRequests_Staff_Statut" ON "FinancingRequests" ("DeletedAt", "StatusLabel", "NumeroAsp", "Status", "Type", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id");

CREATE INDEX "IX_FinancingRequests_Table_DateDepot" ON "FinancingRequests" ("SupplierId", "DeletedAt", "CreatedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id");

CREATE INDEX "IX_FinancingRequests_Table_Logiciel" ON "FinancingRequests" ("SupplierId", "DeletedAt", "TypeLogiciel", "NumeroAsp", "StatusLabel", "Type", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id");

CREATE INDEX "IX_FinancingRequests_Table_MontantDecide" ON "FinancingRequests" ("SupplierId", "DeletedAt", CAST("MontantDecide" AS REAL), "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id");

CREATE INDEX "IX_FinancingRequests_Table_MontantDeclare" ON "FinancingRequests" ("SupplierId", "DeletedAt", CAST("MontantSegurHTDeclare" AS REAL), "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id");

CREATE INDEX "IX_FinancingRequests_Table_MontantRetenu" ON "FinancingRequests" ("SupplierId", "DeletedAt", CAST("MontantRetenuHT" AS REAL), "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id");

CREATE INDEX "IX_FinancingRequests_Table_NumeroAns" ON "FinancingRequests" ("SupplierId", "DeletedAt", "NumeroAns", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id");

CREATE INDEX "IX_FinancingRequests_Table_NumeroAsp" ON "FinancingRequests" ("SupplierId", "DeletedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id");

CREATE INDEX "IX_FinancingRequests_Table_NumeroEditeur" ON "FinancingRequests" ("SupplierId", "DeletedAt", "NumeroEditeur", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "HasArchivedVersion", "HasPayment", "Id");

CREATE INDEX "IX_FinancingRequests_Table_Statut" ON "FinancingRequests" ("SupplierId", "DeletedAt", "StatusLabel", "NumeroAsp", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id");

CREATE INDEX "IX_FinancingRequests_Table_Type" ON "FinancingRequests" ("SupplierId", "DeletedAt", "Type", "NumeroAsp", "StatusLabel", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201130939_Tables12FilterFlags', '10.0.15');

DROP INDEX "IX_FinancingRequests_Table_DateDepot";

CREATE INDEX "IX_FinancingRequests_Table_DateDepot" ON "FinancingRequests" ("SupplierId", "DeletedAt", "CreatedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "MontantSegurHTDeclare", "MontantRetenuHT", "MontantDecide", "Id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201192939_Tables14DateIndexAmounts', '10.0.15');

CREATE VIRTUAL TABLE "FinancingRequestNumbers" USING fts5(
    "Id" UNINDEXED, "SupplierId" UNINDEXED, "NumeroAsp", "NumeroEditeur",
    tokenize = 'trigram case_sensitive 1', columnsize = 0);
INSERT INTO "FinancingRequestNumbers" (rowid, "Id", "SupplierId", "NumeroAsp", "NumeroEditeur")
    SELECT rowid, "Id", "SupplierId", "NumeroAsp", "NumeroEditeur" FROM "FinancingRequests";
INSERT INTO "FinancingRequestNumbers" ("FinancingRequestNumbers") VALUES ('optimize');
CREATE TRIGGER "FinancingRequests_Numbers_Insert" AFTER INSERT ON "FinancingRequests" BEGIN
    INSERT INTO "FinancingRequestNumbers" (rowid, "Id", "SupplierId", "NumeroAsp", "NumeroEditeur")
        VALUES (new.rowid, new."Id", new."SupplierId", new."NumeroAsp", new."NumeroEditeur");
END;
CREATE TRIGGER "FinancingRequests_Numbers_Update" AFTER UPDATE OF "Id", "SupplierId", "NumeroAsp", "NumeroEditeur" ON "FinancingRequests" BEGIN
    DELETE FROM "FinancingRequestNumbers" WHERE rowid = old.rowid;
    INSERT INTO "FinancingRequestNumbers" (rowid, "Id", "SupplierId", "NumeroAsp", "NumeroEditeur")
        VALUES (new.rowid, new."Id", new."SupplierId", new."NumeroAsp", new."NumeroEditeur");
END;
CREATE TRIGGER "FinancingRequests_Numbers_Delete" AFTER DELETE ON "FinancingRequests" BEGIN
    DELETE FROM "FinancingRequestNumbers" WHERE rowid = old.rowid;
END;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261201215821_Trgm15NumberTrigrams', '10.0.15');

DROP INDEX "IX_FinancingRequests_Staff_Count";

DROP INDEX "IX_FinancingRequests_Staff_DateDepot";

DROP INDEX "IX_FinancingRequests_Staff_Fournisseur";

DROP INDEX "IX_FinancingRequests_Staff_Numero";

DROP INDEX "IX_FinancingRequests_Staff_Statut";

DROP INDEX "IX_FinancingRequests_Table_DateDepot";

DROP INDEX "IX_FinancingRequests_Table_Logiciel";

DROP INDEX "IX_FinancingRequests_Table_MontantDecide";

DROP INDEX "IX_FinancingRequests_Table_MontantDeclare";

DROP INDEX "IX_FinancingRequests_Table_MontantRetenu";

DROP INDEX "IX_FinancingRequests_Table_NumeroAns";

DROP INDEX "IX_FinancingRequests_Table_NumeroAsp";

DROP INDEX "IX_FinancingRequests_Table_NumeroEditeur";

DROP INDEX "IX_FinancingRequests_Table_Statut";

DROP INDEX "IX_FinancingRequests_Table_Type";

ALTER TABLE "FinancingRequests" ADD "PaymentStateLabel" TEXT NULL;

UPDATE "FinancingRequests" SET "PaymentStateLabel" = (SELECT p."EtatLabel" FROM "Payments" AS p WHERE p."RequestId" = "FinancingRequests"."Id" ORDER BY p."DateValidation" DESC, p."Id" DESC LIMIT 1) WHERE "Id" IN (SELECT "RequestId" FROM "Payments");

CREATE INDEX "IX_FinancingRequests_Staff_Count" ON "FinancingRequests" ("DeletedAt", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "HasArchivedVersion", "PaymentStateLabel");

CREATE INDEX "IX_FinancingRequests_Staff_DateDepot" ON "FinancingRequests" ("DeletedAt", "CreatedAt", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Staff_Fournisseur" ON "FinancingRequests" ("DeletedAt", "Denomination", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "Siret", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Staff_Numero" ON "FinancingRequests" ("DeletedAt", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Staff_Statut" ON "FinancingRequests" ("DeletedAt", "StatusLabel", "NumeroAsp", "Status", "Type", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Table_DateDepot" ON "FinancingRequests" ("SupplierId", "DeletedAt", "CreatedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "MontantSegurHTDeclare", "MontantRetenuHT", "MontantDecide", "Id");

CREATE INDEX "IX_FinancingRequests_Table_Logiciel" ON "FinancingRequests" ("SupplierId", "DeletedAt", "TypeLogiciel", "NumeroAsp", "StatusLabel", "Type", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Table_MontantDecide" ON "FinancingRequests" ("SupplierId", "DeletedAt", CAST("MontantDecide" AS REAL), "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Table_MontantDeclare" ON "FinancingRequests" ("SupplierId", "DeletedAt", CAST("MontantSegurHTDeclare" AS REAL), "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Table_MontantRetenu" ON "FinancingRequests" ("SupplierId", "DeletedAt", CAST("MontantRetenuHT" AS REAL), "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Table_NumeroAns" ON "FinancingRequests" ("SupplierId", "DeletedAt", "NumeroAns", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Table_NumeroAsp" ON "FinancingRequests" ("SupplierId", "DeletedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Table_NumeroEditeur" ON "FinancingRequests" ("SupplierId", "DeletedAt", "NumeroEditeur", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Table_Statut" ON "FinancingRequests" ("SupplierId", "DeletedAt", "StatusLabel", "NumeroAsp", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Table_Type" ON "FinancingRequests" ("SupplierId", "DeletedAt", "Type", "NumeroAsp", "StatusLabel", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Table_Paiement" ON "FinancingRequests" ("SupplierId", "DeletedAt", "PaymentStateLabel", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "Id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202011406_Paystate16PaymentStateOnRequest', '10.0.15');

ALTER TABLE "FinancingRequests" DROP COLUMN "HasPayment";

CREATE INDEX "IX_FinancingRequests_Staff_Paiement" ON "FinancingRequests" ("DeletedAt", "PaymentStateLabel", "StatusLabel", "NumeroAsp", "Status", "Type", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "Id");

CREATE INDEX "IX_FinancingRequests_Staff_Siret" ON "FinancingRequests" ("DeletedAt", "Siret", "CreatedAt", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Table_Historisee" ON "FinancingRequests" ("SupplierId", "DeletedAt", "HasArchivedVersion", "StatusLabel", "NumeroAsp", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "PaymentStateLabel", "Id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202042929_Idx17StaffSiretPaymentHistorisee', '10.0.15');

CREATE INDEX "IX_FinancingRequests_Staff_Statut_DateDepot" ON "FinancingRequests" ("DeletedAt", "StatusLabel", "CreatedAt", "NumeroAsp", "Status", "Type", "TypeLogiciel", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Staff_Type_DateDepot" ON "FinancingRequests" ("DeletedAt", "Type", "CreatedAt", "NumeroAsp", "Status", "StatusLabel", "TypeLogiciel", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Staff_Type_Fournisseur" ON "FinancingRequests" ("DeletedAt", "Type", "Denomination", "NumeroAsp", "Status", "StatusLabel", "TypeLogiciel", "CreatedAt", "Siret", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Staff_Type_Numero" ON "FinancingRequests" ("DeletedAt", "Type", "NumeroAsp", "Status", "StatusLabel", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

CREATE INDEX "IX_FinancingRequests_Staff_Type_Statut" ON "FinancingRequests" ("DeletedAt", "Type", "StatusLabel", "NumeroAsp", "Status", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202073949_Search18TypeAndStatusIndexes', '10.0.15');

