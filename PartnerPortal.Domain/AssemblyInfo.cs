// PartnerPortal.Domain: the model and its rules. Pure C#, no package references (DESIGN §6).
[assembly: System.CLSCompliant(false)]
