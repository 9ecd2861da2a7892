// Mitra UKM: progressive enhancements only; every page works without JavaScript.
