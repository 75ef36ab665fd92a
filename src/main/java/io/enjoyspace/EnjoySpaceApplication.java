package io.enjoyspace;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;

@Modulithic(sharedModules = "shared")
@SpringBootApplication
public class EnjoySpaceApplication {

    public static void main(String[] args) {
        SpringApplication.run(EnjoySpaceApplication.class, args);
    }
}
