import type { ErrorCode } from "#shared/i18n/error-codes";

/** The error texts in French (R-L3): formal address (vous), Swiss usage. Names as in en.ts. */
export const titles: Record<ErrorCode, string> = {
  VALIDATION_FAILED: "Requête non valide",
  INVALID_TEXT: "Caractères non autorisés",
  UNAUTHENTICATED: "Connexion requise",
  INVALID_CREDENTIALS: "Identifiants incorrects",
  FORBIDDEN: "Action non autorisée",
  INVALID_PASSWORD: "Mot de passe incorrect",
  ADMINISTRATOR_REQUIRED: "Droits d’administration requis",
  LEGAL_REPRESENTATIVE_REQUIRED: "Représentant légal requis",
  BILLING_RIGHTS_REQUIRED: "Droits de facturation requis",
  PRODUCT_ACCESS_REQUIRED: "Accès au produit requis",
  CANNOT_RAISE_OWN_RIGHTS: "Impossible d’étendre ses propres droits",
  INVITATION_EMAIL_MISMATCH: "Invitation destinée à une autre adresse",
  RECOVERY_EMAIL_NEEDS_LOGIN_LINK: "Adresse de récupération non modifiable avec ce lien",
  NOT_FOUND: "Introuvable",
  DELETION_NOT_FOUND: "Aucune suppression",
  ARCHIVE_NOT_FOUND: "Aucune archive",
  METHOD_NOT_ALLOWED: "Méthode non autorisée",
  CONFLICT: "Conflit",
  LOGIN_EMAIL_TAKEN: "Adresse de connexion déjà utilisée",
  LAST_LEGAL_REPRESENTATIVE: "Dernier représentant légal",
  ORGANIZATION_NOT_EMPTY: "Organisation non vide",
  ORGANIZATION_DELETING: "Organisation en cours de suppression",
  ORGANIZATION_NOT_ACTIVE: "Organisation inactive",
  REMOVAL_IN_PROGRESS: "Retrait en cours",
  ALREADY_MEMBER: "Déjà membre",
  PRODUCT_NOT_ACTIVE: "Produit inactif",
  PROMO_CODE_EXISTS: "Code promo existant",
  INSUFFICIENT_BALANCE: "Solde insuffisant",
  PREPAID_CURRENCY_MISMATCH: "Solde prépayé dans une autre monnaie",
  INVOICE_NOT_OPEN: "Facture non ouverte",
  TOO_MANY_BILLING_ADDRESSES: "Trop d’adresses de facturation",
  PREREQUISITES_NOT_MET: "Conditions préalables non remplies",
  DELETION_NOT_FAILED: "Suppression non échouée",
  MAIL_NOT_FAILED: "E-mail non échoué",
  IDEMPOTENCY_REQUEST_IN_FLIGHT: "Requête en cours de traitement",
  TOKEN_EXPIRED_OR_USED: "Lien expiré ou déjà utilisé",
  PRECONDITION_FAILED: "Condition préalable non remplie",
  PAYLOAD_TOO_LARGE: "Contenu trop volumineux",
  UNSUPPORTED_MEDIA_TYPE: "Type de média non pris en charge",
  WEAK_PASSWORD: "Mot de passe trop faible",
  SAME_AS_LOGIN_EMAIL: "Identique à l’adresse de connexion",
  SAME_AS_RECOVERY_EMAIL: "Identique à l’adresse de récupération",
  NAME_FIXED_FOR_INDIVIDUAL: "Nom d’une personne individuelle imposé",
  NAME_REQUIRED: "Nom requis",
  UNKNOWN_PRODUCT: "Produit inconnu",
  UNKNOWN_BILLING_ADDRESS: "Adresse de facturation inconnue",
  PROMO_CODE_INVALID: "Code promo non valable",
  PROMO_CODE_NOT_APPLICABLE: "Code promo non applicable",
  FREE_OFFER_NOT_APPLICABLE: "Offre gratuite non applicable",
  DATA_DECISIONS_REQUIRED: "Décision requise sur les données",
  INVALID_TRANSFER_TARGET: "Destinataire du transfert non valable",
  CONFIRMATION_MISMATCH: "Confirmation non concordante",
  IDEMPOTENCY_KEY_REUSED: "Idempotency-Key réutilisée",
  INVALID_IMAGE: "Image non valable",
  UNSAFE_SVG: "SVG non sûr",
  PRECONDITION_REQUIRED: "Condition préalable requise",
  TOO_MANY_REQUESTS: "Trop de requêtes",
  ACCOUNT_LOCKED: "Compte bloqué",
  INTERNAL_ERROR: "Erreur interne",
  BAD_GATEWAY: "Réponse incorrecte du service",
  SERVICE_UNAVAILABLE: "Service indisponible",
  PAYMENT_UNAVAILABLE: "Paiement non effectué",
  PAYOUT_UNAVAILABLE: "Versement pas encore effectué",
};

export const requestNotValid = "La requête n’est pas valable.";
export const bodyNotJson = "Le contenu n’est pas du JSON valable.";
export const bodyNotExpected = "Cette route n’accepte aucun contenu.";
export const bodyNotJsonMediaType = "Veuillez envoyer le contenu au format application/json.";
export const bodyTooLarge = "Le contenu dépasse 1 Mio.";
export const requestTooLarge = "La requête dépasse 10 Mio.";
export const textControlCharacters =
  "Les caractères de contrôle et les caractères modifiant le sens de l’écriture ne sont pas autorisés dans les textes.";
export const fieldControlCharacters =
  "Les caractères de contrôle et les caractères modifiant le sens de l’écriture ne sont pas autorisés.";
export const pathIdUnknown = "Rien ne correspond à cette valeur de {parameter}.";
export const pathNotPercentEncoded = "Le chemin n’est pas correctement encodé en pourcentage.";
export const routeUnknown = "Il n’existe pas de route {method} {path}.";
export const cursorNotValid = "Ce curseur n’est pas valable.";
export const idempotencyKeyFormat = "Utilisez de 1 à {max} caractères ASCII visibles.";
export const internalError = "Un problème est survenu de notre côté.";
export const handlerFailed = "La fonction derrière cette route a échoué.";
export const serviceBusy = "Le service est surchargé. Veuillez réessayer dans un instant.";
export const tooManyRequestsOfKind = "Trop de requêtes de ce type. Veuillez réessayer plus tard.";
export const concurrentChange =
  "Quelqu’un d’autre modifie la même chose en ce moment. Veuillez réessayer dans un instant.";
export const signInFirst = "Veuillez d’abord vous connecter.";
export const bearerTokenMissing = "Veuillez envoyer un jeton Bearer.";
export const authorizerFailed = "La vérification de la connexion a échoué.";
export const authorizerRefused = "La vérification de la connexion a refusé cette requête.";
export const operatorCredentialsRequired = "Identifiants d’exploitation requis.";
export const sessionEnded = "Cette session a pris fin. Veuillez vous reconnecter.";
export const accountGone = "Ce compte n’existe plus.";
export const accountClosedSinceCreated = "Ce compte a été fermé entre-temps.";
export const credentialsWrong = "L’adresse e-mail ou le mot de passe est incorrect.";
export const accountLocked = "Trop de tentatives de connexion échouées. Veuillez réessayer plus tard.";
export const passwordWrong = "Le mot de passe est incorrect.";
export const loginEmailTaken =
  "Cette adresse est déjà l’adresse de connexion d’un compte, et une adresse ne donne accès qu’à un seul compte. Pour l’utiliser dans votre organisation, invitez ce compte avec les droits nécessaires, puis retirez celui-ci. Si l’adresse vous appartient et que vous n’avez pas ouvert ce compte, réinitialisez son mot de passe depuis la page de connexion pour le récupérer.";
export const invitedAddressTaken =
  "Un compte utilise déjà l’adresse invitée : connectez-vous avec celle-ci et acceptez l’invitation.";
export const recoveryEqualsLoginEmail =
  "L’adresse de récupération doit être différente de l’adresse de connexion.";
export const recoveryEqualsInvitedAddress =
  "L’adresse de récupération doit être différente de l’adresse invitée, qui devient l’adresse de connexion.";
export const loginEqualsRecoveryEmail =
  "L’adresse de connexion doit être différente de l’adresse de récupération.";
export const recoveryChangedToNewLoginEmail =
  "L’adresse de récupération a été remplacée par cette adresse depuis la demande : l’adresse de connexion doit en être différente.";
export const alreadyLoginEmail = "C’est déjà votre adresse de connexion.";
export const recoveryNeedsLoginLink =
  "Seul le lien envoyé à l’adresse de connexion permet aussi de définir une nouvelle adresse de récupération.";
export const passwordTooShort = "Le mot de passe doit comporter au moins {min} caractères.";
export const passwordTooLong = "Le mot de passe peut comporter au plus {max} caractères.";
export const passwordContainsEmail = "Le mot de passe ne doit pas contenir l’adresse de connexion.";
export const passwordTooCommon = "Ce mot de passe est trop courant.";
export const passwordPolicy =
  "Au moins {min} et au plus {max} caractères, sans l’adresse de connexion ni la partie qui précède le @, et pas un mot de passe courant.";
export const linkExpiredOrUsed = "Ce lien a expiré ou a déjà été utilisé. Veuillez en demander un nouveau.";
export const resetLinkExpiredOrUsed =
  "Ce lien a expiré, a déjà été utilisé ou a été remplacé par un lien plus récent. Veuillez en demander un nouveau.";
export const terminationLinkExpiredOrUsed =
  "Ce lien a expiré, a déjà été utilisé ou a été remplacé par un lien de résiliation plus récent.";
export const accountChangedMeanwhile = "Le compte a été modifié entre-temps. Veuillez réessayer.";
export const accountChangedAskNewLink =
  "Le compte a été modifié entre-temps. Veuillez demander un nouveau lien.";
export const passwordChangedMeanwhile = "Le mot de passe a été modifié entre-temps. Veuillez réessayer.";
export const lastLegalRepresentativeOfShared =
  "Vous êtes le dernier représentant légal d’une organisation qui compte encore d’autres membres : désignez d’abord l’un d’eux comme représentant légal.";
export const lastMemberOrganizationDeleting =
  "Une organisation dont vous êtes le dernier membre est en cours de suppression : veuillez attendre la fin de la suppression.";
export const organizationNotEmpty =
  "En fermant votre compte, vous laisseriez sans membre une organisation qui détient encore {holdings} : résiliez d’abord ses produits, réglez ses factures et retirez son solde, ou supprimez l’organisation (ce qui fait tout cela).";
export const tooManyMemberships =
  "Trop d’appartenances à des organisations pour les clore en une seule fois. Veuillez d’abord quitter quelques organisations.";
export const yourOrganizationChangedMeanwhile =
  "L’une de vos organisations a été modifiée entre-temps. Veuillez réessayer.";
export const holdsProducts = "des produits";
export const holdsOpenInvoices = "des factures ouvertes";
export const holdsUnpaidInvoices = "des factures impayées";
export const holdsPrepaidBalance = "un solde prépayé";
export const holdsMembers = "d’autres membres";
export const organizationNotFound = "Cette organisation n’existe pas.";
export const organizationDeleting =
  "Cette organisation est en cours de suppression et ne peut plus être modifiée.";
export const organizationGone =
  "Cette organisation est en cours de suppression ou n’existe plus. Le paiement n’a pas été effectué (tout montant débité est remboursé).";
export const organizationChangedMeanwhile = "L’organisation a été modifiée entre-temps.";
export const organizationChangedTryAgain = "L’organisation a été modifiée entre-temps. Veuillez réessayer.";
export const ifMatchRequired = "Veuillez envoyer If-Match avec l’ETag de l’organisation que vous avez lue.";
export const organizationChangedSinceRead =
  "L’organisation a été modifiée depuis que vous l’avez lue. Veuillez la relire, puis réessayer.";
export const individualNameFixed =
  "L’organisation d’une personne individuelle porte le nom de cette personne et ne peut pas en prendre un autre.";
export const nameRequiredForType =
  "Une association ou une entreprise doit avoir un nom : veuillez envoyer `name` avec le nouveau type.";
export const tooManyBillingAddresses =
  "Une organisation peut avoir au plus {max} adresses de facturation supplémentaires. Veuillez d’abord en supprimer une.";
export const billingAddressNotFound = "Cette adresse de facturation n’existe pas.";
export const logoTypeNotAllowed = "Un logo est une image au format image/png, image/jpeg ou image/svg+xml.";
export const logoTooLarge = "Un logo peut peser au plus {maxKib} Kio.";
export const logoNotFound = "Cette organisation n’a pas de logo.";
export const uploadNotFound = "Ce téléversement n’existe pas.";
export const imageNotPng = "Le fichier n’est pas une image PNG.";
export const imageNotJpeg = "Le fichier n’est pas une image JPEG.";
export const svgNotUtf8 = "Un logo SVG doit être un texte en UTF-8.";
export const svgRootMissing = "Le fichier n’est pas une image SVG : son élément racine doit être <svg>.";
export const svgUnsafe = "Un logo SVG ne peut contenir que des dessins ; celui-ci contient {reason}.";
export const svgHoldsDeclarations = "des déclarations de type de document ou d’entités";
export const svgHoldsStyleAttribute = "un attribut style";
export const svgHoldsBackslash = "une barre oblique inversée (un échappement CSS)";
export const svgHoldsCharacterReferences = "des références de caractères";
export const svgHoldsElement = "l’élément <{element}>";
export const svgHoldsEventHandlers = "des attributs de gestion d’événements";
export const svgHoldsLinks = "des liens vers d’autres documents";
export const svgHoldsReferences = "des références à d’autres documents";
export const svgHoldsActiveContent = "du contenu actif";
export const administratorRequired =
  "Seul un administrateur ou un représentant légal peut effectuer cette action.";
export const legalRepresentativeRequired = "Seul un représentant légal peut effectuer cette action.";
export const billingRightsRequired = "Vous avez besoin des droits de facturation dans cette organisation.";
export const productAccessRequired = "Vous n’avez pas accès à ce produit.";
export const grantingBillingRightsRequired =
  "Seul un représentant légal ou un membre disposant des droits de facturation peut accorder ces droits.";
export const cannotRaiseOwnRights =
  "Personne ne peut étendre son propre rôle ou ses propres droits : cette modification doit être faite par un autre représentant légal ou administrateur.";
export const lastLegalRepresentative =
  "Le dernier représentant légal de l’organisation ne peut être ni retiré ni rétrogradé.";
export const memberBeingRemoved = "Ce membre est en cours de retrait. Veuillez attendre la fin du retrait.";
export const memberBeingRemovedOtherwise =
  "Ce membre est déjà en cours de retrait, avec d’autres décisions. Veuillez attendre la fin de ce retrait.";
export const alreadyMember = "Cette personne est déjà membre de l’organisation.";
export const memberNotFound = "Ce membre n’existe pas dans cette organisation.";
export const memberChangedMeanwhile =
  "Le membre a été modifié ou a quitté l’organisation entre-temps. Veuillez relire la liste des membres.";
export const productAccessUnknownProduct =
  "L’accès ne peut être accordé qu’aux produits de cette organisation.";
export const invitationNotFound = "Cette invitation n’existe pas.";
export const invitationForAnotherAddress =
  "Cette invitation a été envoyée à une autre adresse e-mail : connectez-vous avec cette adresse pour l’accepter.";
export const removalNotFound = "Ce retrait n’existe pas.";
export const removalTakenUpMeanwhile =
  "Une autre requête a repris ce retrait entre-temps. Veuillez consulter son statut.";
export const removalNotStarted =
  "Le retrait n’a pas pu être lancé ; rien n’a été modifié. Veuillez réessayer.";
export const dataDecisionsRequired =
  "Le membre détient {kinds} : décidez pour chaque type s’il est transféré à un autre membre ou supprimé.";
export const dataKindDrive = "des fichiers dans le Drive";
export const dataKindMailboxAccess = "des accès aux boîtes aux lettres d’autres membres";
export const dataKindCalendars = "des calendriers";
export const dataKindAddressBooks = "des carnets d’adresses";
export const transferTargetMissing =
  "Un transfert nécessite `toUserId` : un autre membre de cette organisation.";
export const productNotFound = "Ce produit n’existe pas.";
export const productNotInOrganization = "Ce produit n’existe pas dans cette organisation.";
export const productTerminated = "Ce produit est déjà résilié.";
export const productTerminating = "Ce produit est déjà en cours de résiliation.";
export const terminationRequestNotFound = "Ce produit n’a pas de demande de résiliation.";
export const terminationRequestedMeanwhile =
  "Une autre demande de résiliation de ce produit est arrivée au même moment.";
export const orderLineRefused = "Ligne {line} : {refusal}";
export const promoCodeUnknown = "Il n’existe pas de code promo {code}.";
export const promoCodeExpired = "Le code promo {code} a expiré.";
export const promoCodeExhausted = "Le code promo {code} a été entièrement utilisé.";
export const promoCodeExhaustedMeanwhile =
  "Le code promo {code} a été entièrement utilisé ou a expiré entre-temps.";
export const promoCodeWrongKind = "Le code promo {code} s’applique à {kinds}, pas à {kind}.";
export const promoCodeWrongCurrency =
  "Le code promo {code} est un montant en {codeCurrency} ; cette organisation paie en {currency}.";
export const promoCodeAlreadyInCart =
  "Le code promo {code} réduit déjà une autre ligne de ce panier ; un code ne réduit qu’une seule ligne.";
export const promoCodeExists = "Le code promo {code} existe déjà.";
export const freeOfferNotGranted = "Cette offre gratuite n’a pas été accordée à cette organisation.";
export const freeOfferWrongKind = "Cette offre gratuite concerne {offerKind}, pas {kind}.";
export const freeOfferUsed = "Cette offre gratuite a déjà été utilisée.";
export const freeOfferAlreadyInCart = "Cette offre gratuite s’applique déjà à une autre ligne de ce panier.";
export const billingAddressUnknown =
  "L’adresse de facturation ne fait pas partie des adresses de facturation de cette organisation.";
export const concurrentChangeWon =
  "Une modification simultanée a eu lieu avant la vôtre. Veuillez réessayer.";
export const invoiceNotFound = "Cette facture n’existe pas.";
export const invoiceNotOpen =
  "Cette facture a le statut {status} ; seule une facture ouverte peut être payée.";
export const invoiceNoLongerOpen =
  "Cette facture n’est plus ouverte ; seule une facture ouverte peut être payée.";
export const balanceTooLow = "Le solde prépayé ne couvre pas ce montant.";
export const balanceKeptChanging = "Le solde a changé à plusieurs reprises. Veuillez réessayer.";
export const firstOrderWithoutBalance =
  "Une nouvelle organisation n’a pas encore de solde prépayé : veuillez payer la première commande par carte ou sur facture.";
export const balanceInOtherCurrency =
  "Le solde prépayé est en {balanceCurrency} ; cette opération nécessite des {currency}. Veuillez d’abord retirer le solde.";
export const topUpBeingCredited = "La recharge est en cours de crédit. Veuillez réessayer dans un instant.";
export const paymentUnavailable =
  "Le prestataire de paiement n’a pas effectué le paiement ; rien n’a été débité ni crédité. Veuillez réessayer.";
export const paymentAmountDiffers = "Ce paiement a déjà été demandé avec un autre montant.";
export const paymentChangedMeanwhile = "Ce paiement a été modifié entre-temps. Veuillez réessayer.";
export const withdrawalNotFound = "Ce retrait n’existe pas.";
export const withdrawalDiffers = "Ce retrait a déjà été enregistré avec un autre montant ou un autre IBAN.";
export const payoutUnavailable =
  "Le remboursement est enregistré et le solde débité, mais le prestataire de paiement n’a pas effectué le versement. Réessayez avec la même Idempotency-Key : le versement n’aura lieu qu’une fois.";
export const deletionConfirmationMismatch =
  "Saisissez exactement le nom de l’organisation pour confirmer sa suppression.";
export const deletionPrerequisites =
  "Avant la suppression : {prerequisites}. Choisissez les options correspondantes pour que la suppression s’en charge.";
export const deletionPrerequisitesForResume =
  "Avant la suppression : {prerequisites}. Les options de la suppression ne les couvrent pas : la personne qui l’a demandée doit la redemander avec les options correspondantes.";
export const deletionWonMeanwhile =
  "Une autre demande de suppression l’a emporté. Veuillez consulter son statut.";
export const deletionNotFound = "Cette organisation n’a pas de suppression.";
export const deletionRunning = "La suppression est en cours : son exécution y travaille encore.";
export const deletionSucceeded = "La suppression a abouti : il n’y a plus rien à reprendre.";
export const archiveNotFound =
  "Rien n’est archivé pour cette organisation : elle n’a jamais été supprimée, sa suppression ne l’a pas encore archivée, ou sa durée de conservation a pris fin.";
export const archivedInvoiceNotFound = "Cette facture archivée n’existe pas.";
export const mailNotFound = "Cet e-mail n’existe pas.";
export const mailNotFailed = "Cet e-mail a le statut {status} : seul un e-mail en échec est renvoyé.";
export const mailChangedMeanwhile = "L’e-mail a été modifié entre-temps. Veuillez le relire.";
export const idempotencyKeyReused =
  "Cette Idempotency-Key a été utilisée avec un autre contenu de requête. Utilisez une nouvelle clé pour une nouvelle requête.";
export const idempotencyRequestInFlight =
  "Une requête avec cette Idempotency-Key est encore en cours de traitement. Veuillez réessayer plus tard.";
export const idempotencyKeyContended =
  "L’Idempotency-Key a changé de mains trop souvent. Veuillez réessayer.";
export const fieldRequired = "Champ obligatoire.";
export const emailNotValid = "Adresse e-mail non valable.";
export const amountNotMinorUnits =
  "Les montants sont des nombres entiers dans la plus petite unité de la monnaie.";
export const removalConfirmationMissing = "Confirmez le retrait avec `confirm: true`.";
export const organizationOrInvitation = "Envoyez une organisation, ou l’invitationToken d’une invitation.";
export const invitedWithoutOrganization =
  "Un compte invité rejoint uniquement l’organisation qui l’invite : n’envoyez pas d’organisation.";
export const invitedWithoutLoginEmail =
  "L’adresse invitée est l’adresse de connexion : n’envoyez pas de loginEmail.";
export const invitedWithoutOrder =
  "Un compte invité passe commande dans l’organisation qui l’invite, une fois connecté.";
export const organizationNameRequired =
  "Un nom est requis, sauf si l’organisation est une personne individuelle.";
export const organizationPatchEmpty = "Envoyez au moins l’un des champs name, type, postalAddress, phone.";
export const memberPatchEmpty = "Envoyez au moins l’un des champs role, billingRights, productIds.";
export const orderLineCodeOrOffer = "Une ligne comporte un code promo ou une offre gratuite, pas les deux.";
export const promoPercentOrAmount = "Indiquez soit percentOff, soit amountOff.";
export const promoAmountNeedsCurrency = "Un amountOff nécessite sa monnaie.";
export const promoCurrencyWithoutAmount = "Une monnaie ne s’indique qu’avec un amountOff.";
export const promoExpiryPast = "La date d’expiration doit être dans le futur.";
export const ibanMalformed =
  "Un IBAN commence par un code de pays et deux chiffres de contrôle, suivis de lettres et de chiffres.";
export const ibanCountryUnsupported = "Les IBAN du pays {country} ne sont pas pris en charge.";
export const ibanLengthWrong = "Un IBAN de {country} compte {length} caractères.";
export const ibanCheckDigitsWrong =
  "Les chiffres de contrôle de l’IBAN ne correspondent pas : vérifiez qu’il n’y a pas de faute de frappe.";
